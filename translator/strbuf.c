#include "strbuf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(strbuf *sb, diag *d) {
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb->d = d;
    sb->sink = NULL;
}

/* A sink's buffer: large writes, but memory independent of the output size. */
enum { SINK_CHUNK = 256 * 1024 };

void sb_set_sink(strbuf *sb, FILE *f) {
    sb_flush(sb);
    sb->sink = f;
}

void sb_flush(strbuf *sb) {
    if (!sb->sink || !sb->len)
        return;
    fwrite(sb->data, 1, sb->len, sb->sink);
    sb->len = 0;
    sb->data[0] = 0;
}

void sb_free(strbuf *sb) {
    diag_free(sb->d, sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

void sb_grow(strbuf *sb, size_t extra) {
    if (sb->sink) {
        sb_flush(sb);
        if (extra + 1 <= sb->cap)
            return;
    }
    /* Small first: most buffers are short-lived operand texts, and small
       blocks are what malloc hands out fastest. */
    size_t cap = sb->cap ? sb->cap : sb->sink ? SINK_CHUNK : 240;
    while (cap < sb->len + extra + 1) {
        if (cap > ((size_t)-1) / 2)
            diag_fail(sb->d, DIAG_IO, 0, "out of memory");
        cap *= 2;
    }
    sb->data = diag_realloc(sb->d, sb->data, cap);
    sb->cap = cap;
}

static inline void reserve(strbuf *sb, size_t extra) { (void)sb_room(sb, extra); }

void sb_puts(strbuf *sb, const char *s) { sb_putn(sb, s, strlen(s)); }

void sb_put_u32(strbuf *sb, uint32_t v) {
    char *o = sb_room(sb, 10);
    char *end = put_decimal(o, v);
    *end = 0;
    sb->len += (size_t)(end - o);
}

void sb_put_u64(strbuf *sb, uint64_t v) {
    if (v <= UINT32_MAX) { /* 32-bit division is the faster one */
        sb_put_u32(sb, (uint32_t)v);
        return;
    }
    char digits[20], *d = digits + sizeof digits;
    do {
        *--d = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sb_putn(sb, d, (size_t)(digits + sizeof digits - d));
}

void sb_append(strbuf *sb, const strbuf *other) {
    if (other->len)
        sb_putn(sb, other->data, other->len);
}

/* Digits of v in `base`, padded with zeros to `width`, ending at `end`;
   returns the first digit. */
static char *format_unsigned(char *end, unsigned long long v, unsigned base, int upper, unsigned width) {
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    do {
        *--p = digits[v % base];
        v /= base;
    } while (v);
    while ((unsigned)(end - p) < width)
        *--p = '0';
    return p;
}

/* One conversion of a format: "%[0width][size]conv". */
typedef struct {
    char conv;      /* 0: one left to vsnprintf */
    char size;      /* 0, 'l', 'L' (ll), 'z' or 'j' */
    unsigned width; /* zero-padded width (unsigned conversions only) */
} spec;

/* Parses the conversion after a '%' at *pp and moves *pp past it. */
static spec parse_spec(const char **pp) {
    const char *p = *pp;
    spec s = {0, 0, 0};
    int zero = *p == '0';
    while (*p >= '0' && *p <= '9')
        s.width = s.width * 10 + (unsigned)(*p++ - '0');
    if (*p == 'z' || *p == 'j')
        s.size = *p++;
    else if (*p == 'l')
        s.size = *++p == 'l' ? (p++, 'L') : 'l';
    char conv = *p;
    if (conv)
        p++;
    *pp = p;
    int is_unsigned = conv == 'u' || conv == 'x' || conv == 'X' || conv == 'o';
    if ((s.width && (!zero || !is_unsigned || s.width > 24)) ||
        ((conv == 's' || conv == '%') && s.size))
        return s;
    if (is_unsigned || conv == 'd' || conv == 'i' || conv == 's' || conv == '%')
        s.conv = conv;
    return s;
}

/* Makes room for at least `extra` more bytes after `o`, the write position
   of a format in progress; returns the new write position. */
static char *make_room(strbuf *sb, char *o, size_t extra) {
    sb->len = (size_t)(o - sb->data);
    reserve(sb, extra);
    return sb->data + sb->len;
}

/*
 * printf into the buffer. The conversions the emitter writes millions of
 * times (%s, %u, %d, %x and %o with a zero-padded width, and the l/ll/z/j
 * sizes of PRIu64 and size_t) are written directly: vsnprintf used to cost
 * more than everything else the translator does. At any other conversion
 * (%a, precision, '-' ...) vsnprintf formats the rest of the call, with
 * `ap` just past the arguments already used.
 */
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap) {
    reserve(sb, 128);
    char *o = sb->data + sb->len;
    char *lim = sb->data + sb->cap - 1; /* one byte stays for the NUL */
    const char *p = fmt;
    for (;;) {
        while (*p && *p != '%') {
            if (o == lim) {
                o = make_room(sb, o, 128);
                lim = sb->data + sb->cap - 1;
            }
            *o++ = *p++;
        }
        if (!*p)
            break;
        const char *pct = p++;
        spec s = {0, 0, 0};
        if (*p == 's' || *p == 'u') /* most conversions: no flags, width or size */
            s.conv = *p++;
        else
            s = parse_spec(&p);
        char buf[32], *end = buf + sizeof buf, *digits = end;
        const char *text;
        size_t len;
        switch (s.conv) {
        case 's': {
            /* Mostly short names: the first bytes are copied as found (no
               strlen + memcpy calls), the rest of a long text at once. */
            text = va_arg(ap, const char *);
            if (lim - o >= 16) {
                int k = 0;
                while (k < 16 && text[k]) {
                    o[k] = text[k];
                    k++;
                }
                o += k;
                text += k;
                if (k < 16)
                    continue;
            }
            len = strlen(text);
            break;
        }
        case '%':
            text = "%";
            len = 1;
            break;
        case 'd': case 'i': {
            long long v = s.size == 'l' ? va_arg(ap, long)
                        : s.size == 'L' ? va_arg(ap, long long)
                        : s.size == 'z' ? (long long)va_arg(ap, size_t)
                        : s.size == 'j' ? (long long)va_arg(ap, intmax_t) : va_arg(ap, int);
            digits = format_unsigned(end, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, 10, 0, 0);
            if (v < 0)
                *--digits = '-';
            text = digits;
            len = (size_t)(end - digits);
            break;
        }
        case 'u': case 'x': case 'X': case 'o': {
            unsigned long long v = s.size == 'l' ? va_arg(ap, unsigned long)
                                 : s.size == 'L' ? va_arg(ap, unsigned long long)
                                 : s.size == 'z' ? va_arg(ap, size_t)
                                 : s.size == 'j' ? va_arg(ap, uintmax_t) : va_arg(ap, unsigned);
            digits = format_unsigned(end, v, s.conv == 'u' ? 10 : s.conv == 'o' ? 8 : 16, s.conv == 'X', s.width);
            text = digits;
            len = (size_t)(end - digits);
            break;
        }
        default: { /* the rest of the call goes through vsnprintf */
            sb->len = (size_t)(o - sb->data);
            va_list copy;
            va_copy(copy, ap);
            int n = vsnprintf(NULL, 0, pct, copy);
            va_end(copy);
            if (n < 0)
                diag_fail(sb->d, DIAG_IO, 0, "formatting failed");
            reserve(sb, (size_t)n);
            vsnprintf(sb->data + sb->len, (size_t)n + 1, pct, ap);
            sb->len += (size_t)n;
            return;
        }
        }
        if ((size_t)(lim - o) < len) {
            o = make_room(sb, o, len + 128);
            lim = sb->data + sb->cap - 1;
        }
        memcpy(o, text, len);
        o += len;
    }
    *o = 0;
    sb->len = (size_t)(o - sb->data);
}

void sb_printf(strbuf *sb, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(sb, fmt, ap);
    va_end(ap);
}
