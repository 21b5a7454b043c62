/* A growable text buffer: the emitter writes C into these, main.c writes them out. */
#ifndef W2CL_STRBUF_H
#define W2CL_STRBUF_H

#include <stddef.h>

#include "diag.h"

typedef struct {
    char *data;
    size_t len, cap;
    diag *d; /* out of memory is reported through it */
} strbuf;

void sb_init(strbuf *sb, diag *d);
void sb_free(strbuf *sb);
void sb_putn(strbuf *sb, const char *s, size_t n);
void sb_puts(strbuf *sb, const char *s);
void sb_printf(strbuf *sb, const char *fmt, ...) DIAG_PRINTF(2, 3);
#include <stdarg.h>
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap);
void sb_append(strbuf *sb, const strbuf *other);

#endif
