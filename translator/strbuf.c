#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(strbuf *sb, diag *d) {
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb->d = d;
}

void sb_free(strbuf *sb) {
    diag_free(sb->d, sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}

static void reserve(strbuf *sb, size_t extra) {
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 4096;
    while (cap < sb->len + extra + 1) {
        if (cap > ((size_t)-1) / 2)
            diag_fail(sb->d, DIAG_IO, 0, "out of memory");
        cap *= 2;
    }
    sb->data = diag_realloc(sb->d, sb->data, cap);
    sb->cap = cap;
}

void sb_putn(strbuf *sb, const char *s, size_t n) {
    reserve(sb, n);
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = 0;
}

void sb_puts(strbuf *sb, const char *s) { sb_putn(sb, s, strlen(s)); }

void sb_append(strbuf *sb, const strbuf *other) {
    if (other->len)
        sb_putn(sb, other->data, other->len);
}

void sb_vprintf(strbuf *sb, const char *fmt, va_list ap) {
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        diag_fail(sb->d, DIAG_IO, 0, "formatting failed");
    reserve(sb, (size_t)n);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void sb_printf(strbuf *sb, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(sb, fmt, ap);
    va_end(ap);
}
