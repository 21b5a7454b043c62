#include "diag.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

void diag_fail(diag *d, diag_class cls, size_t offset, const char *fmt, ...) {
    int n = snprintf(d->message, sizeof d->message, "%s:0x%zx: ", d->file, offset);
    if (n < 0 || (size_t)n >= sizeof d->message)
        n = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message + n, sizeof d->message - (size_t)n, fmt, ap);
    va_end(ap);
    d->cls = cls;
    longjmp(d->escape, 1);
}

/* Header of a live block; the union keeps the payload maximally aligned. */
typedef union live_block {
    struct {
        union live_block *prev, *next;
        size_t size; /* of the payload */
    } link;
    max_align_t align;
} live_block;

/* The emitter makes and drops short strings by the million: small blocks
   are all SMALL bytes, and up to MAX_SPARE freed ones wait for reuse in
   d->spare (linked through link.next), sparing malloc and free. */
enum { SMALL = 240, MAX_SPARE = 64 };

void *diag_realloc(diag *d, void *p, size_t size) {
    live_block *old = p ? (live_block *)p - 1 : NULL;
    if (size > (size_t)-1 - sizeof(live_block))
        diag_fail(d, DIAG_IO, 0, "out of memory");
    live_block *b;
    if (old && size <= old->link.size) {
        b = old; /* it fits already */
    } else if (!old && size <= SMALL && d->spare) {
        b = d->spare;
        d->spare = b->link.next;
        d->nspare--;
    } else {
        if (!old && size < SMALL)
            size = SMALL;
        b = realloc(old, sizeof(live_block) + size);
        if (!b)
            diag_fail(d, DIAG_IO, 0, "out of memory");
        b->link.size = size;
    }
    if (!old) { /* a new block goes to the front of the list */
        b->link.prev = NULL;
        b->link.next = d->live;
    }
    /* A moved block's neighbours must point at its new address. */
    if (b->link.prev)
        b->link.prev->link.next = b;
    else
        d->live = b;
    if (b->link.next)
        b->link.next->link.prev = b;
    return b + 1;
}

void diag_free(diag *d, void *p) {
    if (!p)
        return;
    live_block *b = (live_block *)p - 1;
    if (b->link.prev)
        b->link.prev->link.next = b->link.next;
    else
        d->live = b->link.next;
    if (b->link.next)
        b->link.next->link.prev = b->link.prev;
    if (b->link.size == SMALL && d->nspare < MAX_SPARE) {
        b->link.next = d->spare;
        d->spare = b;
        d->nspare++;
        return;
    }
    free(b);
}

void diag_trim(diag *d) {
    while (d->spare) {
        live_block *b = d->spare;
        d->spare = b->link.next;
        free(b);
    }
    d->nspare = 0;
}

void diag_free_all(diag *d) {
    while (d->live)
        diag_free(d, (live_block *)d->live + 1);
    diag_trim(d);
}
