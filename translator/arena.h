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

/* A point to roll the arena back to: per-function data is released after
   each function, so memory does not grow with the module. */
typedef struct {
    arena_block *head;
    size_t used;
} arena_mark;

arena_mark arena_save(const arena *a);
/* Frees everything allocated since `m` was saved. */
void arena_release(arena *a, arena_mark m);

#endif
