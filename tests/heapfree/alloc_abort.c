/*
 * Replaces rt/w2cl_alloc.c for the heap-free test: any call of the
 * allocator is a failure, reported and turned into abort().
 */
#include <stdio.h>
#include <stdlib.h>

#include "w2cl.h"

void *w2cl_alloc_zeroed(size_t size) {
    fprintf(stderr, "heapfree: FAIL: w2cl_alloc_zeroed(%lu) called\n", (unsigned long)size);
    abort();
}

void w2cl_alloc_free(void *p) {
    /* free(NULL) would be harmless, but heap-free code has no reason to call it at all. */
    fprintf(stderr, "heapfree: FAIL: w2cl_alloc_free(%p) called\n", p);
    abort();
}

void w2cl_unhandled_trap(w2cl_status why) {
    fprintf(stderr, "heapfree: FAIL: unhandled trap: %s\n", w2cl_status_text(why));
    abort();
}
