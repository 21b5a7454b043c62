/*
 * Errors of the translator. A failure anywhere (decode, validate, emit) calls
 * diag_fail(), which formats one line and longjmps back to the entry point
 * that armed `d->escape`, so the stages stay linear and never return codes.
 */
#ifndef W2CL_DIAG_H
#define W2CL_DIAG_H

#include <setjmp.h>
#include <stddef.h>

typedef enum { DIAG_MALFORMED, DIAG_INVALID, DIAG_UNSUPPORTED, DIAG_IO } diag_class;

typedef struct {
    const char *file; /* shown in messages */
    jmp_buf escape;   /* armed by translate() */
    diag_class cls;
    char message[512]; /* "file:0x1f: reason" without the "error:" prefix */
    void *live;        /* heap blocks from diag_realloc not yet freed (see below) */
    void *spare;       /* freed small blocks kept for reuse */
    unsigned nspare;
} diag;

#if defined(__GNUC__)
#define DIAG_NORETURN __attribute__((noreturn))
#define DIAG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DIAG_NORETURN
#define DIAG_PRINTF(a, b)
#endif

/* Record "<file>:0x<offset>: <reason>" and escape. */
DIAG_NORETURN void diag_fail(diag *d, diag_class cls, size_t offset, const char *fmt, ...)
    DIAG_PRINTF(4, 5);

/*
 * The translator's heap. A failure longjmps past every owner of a buffer,
 * so each block is linked into `d->live` and diag_free_all() releases what
 * the escape left behind. diag_realloc fails with "out of memory".
 */
void *diag_realloc(diag *d, void *p, size_t size);
void diag_free(diag *d, void *p);
void diag_free_all(diag *d);
/* Frees the small blocks kept for reuse (diag_free_all does too). */
void diag_trim(diag *d);

#endif
