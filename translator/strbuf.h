/* A growable text buffer: the emitter writes C into these. One with a sink
   is a window onto a file: its text goes out in chunks as it fills. */
#ifndef W2CL_STRBUF_H
#define W2CL_STRBUF_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"

typedef struct {
    char *data;
    size_t len, cap;
    diag *d;    /* out of memory is reported through it */
    FILE *sink; /* NULL: the text stays in data; else data holds what is not yet written */
} strbuf;

void sb_init(strbuf *sb, diag *d);
/* From now on the text goes to `f` (write errors: check ferror(f)). */
void sb_set_sink(strbuf *sb, FILE *f);
/* Writes out what a sink's buffer holds (nothing without a sink). */
void sb_flush(strbuf *sb);
void sb_free(strbuf *sb);
void sb_putn(strbuf *sb, const char *s, size_t n);
void sb_puts(strbuf *sb, const char *s);
void sb_printf(strbuf *sb, const char *fmt, ...) DIAG_PRINTF(2, 3);
#include <stdarg.h>
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap);
void sb_append(strbuf *sb, const strbuf *other);

#endif
