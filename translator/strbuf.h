/* A growable text buffer: the emitter writes C into these. One with a sink
   is a window onto a file: its text goes out in chunks as it fills. */
#ifndef W2CL_STRBUF_H
#define W2CL_STRBUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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
void sb_puts(strbuf *sb, const char *s);
void sb_printf(strbuf *sb, const char *fmt, ...) DIAG_PRINTF(2, 3);
#include <stdarg.h>
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap);
void sb_append(strbuf *sb, const strbuf *other);

/* Makes room for `extra` more bytes and the NUL (the rare case of sb_room). */
void sb_grow(strbuf *sb, size_t extra);

/* Room for `extra` more bytes and the NUL; returns where they go. Inline,
   like the writers below: the emitter calls them for every operand. */
static inline char *sb_room(strbuf *sb, size_t extra) {
    if (sb->len + extra + 1 > sb->cap)
        sb_grow(sb, extra);
    return sb->data + sb->len;
}

static inline void sb_putn(strbuf *sb, const char *s, size_t n) {
    char *o = sb_room(sb, n);
    memcpy(o, s, n);
    o[n] = 0;
    sb->len += n;
}

static inline void sb_putc(strbuf *sb, char ch) {
    char *o = sb_room(sb, 1);
    o[0] = ch;
    o[1] = 0;
    sb->len++;
}

/* A short string (a name, an operand), copied as it is measured: no
   strlen and memcpy calls for a few bytes. */
static inline void sb_put_short(strbuf *sb, const char *s) {
    for (;;) {
        char *o = sb_room(sb, 16);
        for (int k = 0; k < 16; k++) {
            if (!s[k]) {
                o[k] = 0;
                sb->len += (size_t)k;
                return;
            }
            o[k] = s[k];
        }
        sb->len += 16;
        s += 16;
    }
}

/* Writes the decimal digits of v at p (at most 10); returns their end.
   Counted first, then written in place two digits at a time: no copy of
   a variable size, half the divisions. */
static inline char *put_decimal(char *p, uint32_t v) {
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                   "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                   "8081828384858687888990919293949596979899";
    size_t n = 1;
    for (uint32_t rest = v; rest >= 10; rest /= 10)
        n++;
    char *q = p + n;
    for (; v >= 100; v /= 100) {
        q -= 2;
        memcpy(q, pairs + 2 * (v % 100), 2);
    }
    if (v >= 10)
        memcpy(q - 2, pairs + 2 * v, 2);
    else
        q[-1] = (char)('0' + v);
    return p + n;
}

/* The decimal digits of v. */
void sb_put_u32(strbuf *sb, uint32_t v);
void sb_put_u64(strbuf *sb, uint64_t v);

#endif
