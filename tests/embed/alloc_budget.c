/*
 * A replacement for rt/w2cl_alloc.c, linked instead of it: an allocator that
 * refuses any allocation that would take the live total past `budget_bytes`.
 */
#include <stdio.h>
#include <stdlib.h>

#include "w2cl.h"
#include "alloc_budget.h"

size_t budget_bytes = (size_t)-1;
size_t budget_used;
unsigned budget_refusals;

typedef union { /* keeps the block after it aligned for any object (C99: no max_align_t) */
    size_t size;
    long double ld;
    long long ll;
    void *p;
} header;

void *w2cl_alloc_zeroed(size_t size) {
    if (size > budget_bytes || budget_used > budget_bytes - size) {
        budget_refusals++;
        return NULL;
    }
    header *h = calloc(1, sizeof(header) + size);
    if (!h)
        return NULL;
    h->size = size;
    budget_used += size;
    return h + 1;
}

void w2cl_alloc_free(void *p) {
    if (!p)
        return;
    header *h = (header *)p - 1;
    budget_used -= h->size;
    free(h);
}

void w2cl_unhandled_trap(w2cl_status why) {
    printf("unhandled trap: %s\n", w2cl_status_text(why));
    exit(3);
}
