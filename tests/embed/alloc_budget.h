#ifndef ALLOC_BUDGET_H
#define ALLOC_BUDGET_H
#include <stddef.h>
extern size_t budget_bytes;   /* the most the allocator hands out at once */
extern size_t budget_used;    /* bytes live now */
extern unsigned budget_refusals;
#endif
