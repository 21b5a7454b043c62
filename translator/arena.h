/*
 * The translator's only allocator: a bump arena. Everything a translation
 * allocates lives until arena_free(), so error paths (longjmp) cannot leak.
 */
#ifndef W2CL_ARENA_H
#define W2CL_ARENA_H

#include <stddef.h>

#include "diag.h"

typedef struct arena_block arena_block;

typedef struct {
    arena_block *head;
    diag *d; /* out-of-memory is reported through it */
} arena;

/* Zeroed storage of `size` bytes, aligned for any object. */
void *arena_alloc(arena *a, size_t size);
/* Zeroed array of n objects of `size` bytes, with overflow check. */
void *arena_array(arena *a, size_t n, size_t size);
void arena_free(arena *a);

#endif
