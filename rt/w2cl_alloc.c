/*
 * The default allocator and the last-resort trap handler: the only runtime
 * file that needs <stdlib.h>. Embedders without a C library (or with their
 * own heap) replace this file with one defining the same three functions.
 */
#include "w2cl.h"

#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ == 0
#define W2CL_FREESTANDING_ 1
#else
#define W2CL_FREESTANDING_ 0
#endif
#if !defined(W2CL_NO_HEAP) || !W2CL_FREESTANDING_
#include <stdlib.h>
#endif

/* W2CL_NO_HEAP (heap-free firmware, see docs/firmware.md): no allocator at
   all; memory and table init then only work on caller storage. */
#ifndef W2CL_NO_HEAP

void *w2cl_alloc_zeroed(size_t size) {
    /* calloc(0) may legally return NULL; callers treat size 0 as "no block". */
    return calloc(size ? size : 1, 1);
}

void w2cl_alloc_free(void *p) { free(p); }
#endif

/* A trap with no frame armed has nowhere to go. */
void w2cl_unhandled_trap(w2cl_status why) {
    (void)why;
#if W2CL_FREESTANDING_ && (defined(__GNUC__) || defined(__clang__))
    __builtin_trap(); /* freestanding: no abort(); a fault the target reports */
#elif W2CL_FREESTANDING_
    for (;;) {
    }
#else
    abort();
#endif
}
