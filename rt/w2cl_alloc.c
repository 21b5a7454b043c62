/*
 * The default allocator and the last-resort trap handler: the only runtime
 * file that needs <stdlib.h>. Embedders without a C library (or with their
 * own heap) replace this file with one defining the same three functions.
 */
#include <stdlib.h>

#include "w2cl.h"

void *w2cl_alloc_zeroed(size_t size) {
    /* calloc(0) may legally return NULL; callers treat size 0 as "no block". */
    return calloc(size ? size : 1, 1);
}

void w2cl_alloc_free(void *p) { free(p); }

/* A trap with no frame armed has nowhere to go. */
void w2cl_unhandled_trap(w2cl_status why) {
    (void)why;
    abort();
}
