#include "reader.h"

#include <stdarg.h>
#include <stdio.h>

void rd_fail(const reader *r, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_fail(r->d, DIAG_MALFORMED, rd_offset(r), "%s", msg);
}

uint8_t rd_u8_slow(reader *r) {
    if (r->p >= r->end)
        rd_fail(r, "unexpected end");
    return *r->p++;
}

/*
 * LEB128 with the spec's limits: at most ceil(bits/7) bytes, and the unused
 * bits of the last byte must be zero (unsigned) or a sign extension (signed).
 */
static uint64_t read_leb(reader *r, unsigned bits, int is_signed) {
    uint64_t result = 0;
    unsigned shift = 0;
    unsigned max_bytes = (bits + 6) / 7;
    for (unsigned i = 0;; i++) {
        if (r->p >= r->end)
            rd_fail(r, "unexpected end of LEB128");
        uint8_t byte = *r->p++;
        if (i == max_bytes - 1) {
            unsigned used = bits - shift; /* payload bits left in this byte */
            if (byte & 0x80)
                rd_fail(r, "integer representation too long");
            if (used < 7) {
                uint8_t rest = (uint8_t)(byte >> used) & (uint8_t)(0x7f >> used);
                if (is_signed) {
                    uint8_t sign = (byte >> (used - 1)) & 1;
                    uint8_t want = sign ? (uint8_t)(0x7f >> used) : 0;
                    if (rest != want)
                        rd_fail(r, "integer too large");
                } else if (rest != 0) {
                    rd_fail(r, "integer too large");
                }
            }
        }
        result |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
        if (!(byte & 0x80)) {
            if (is_signed && shift < 64 && (byte & 0x40))
                result |= ~(uint64_t)0 << shift;
            return result;
        }
    }
}

uint32_t rd_u32_slow(reader *r) { return (uint32_t)read_leb(r, 32, 0); }
uint64_t rd_u64(reader *r) { return read_leb(r, 64, 0); }
int32_t rd_s32_slow(reader *r) {
    /* Two to four bytes, the usual constants: the bound checks of read_leb
       cannot fail before the fifth byte. */
    const uint8_t *p = r->p;
    if (r->end - p >= 4) {
        uint32_t v = 0;
        for (unsigned i = 0, shift = 0; i < 4; i++, shift += 7) {
            v |= (uint32_t)(p[i] & 0x7f) << shift;
            if (!(p[i] & 0x80)) {
                r->p = p + i + 1;
                shift += 7;
                if (p[i] & 0x40) /* sign-extend from bit shift - 1 */
                    v |= ~0u << shift;
                return (int32_t)v;
            }
        }
    }
    return (int32_t)(uint32_t)read_leb(r, 32, 1);
}
int64_t rd_s33(reader *r) { return (int64_t)read_leb(r, 33, 1); }
int64_t rd_s64(reader *r) { return (int64_t)read_leb(r, 64, 1); }

uint32_t rd_f32_bits(reader *r) {
    const uint8_t *b = rd_bytes(r, 4);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

uint64_t rd_f64_bits(reader *r) {
    const uint8_t *b = rd_bytes(r, 8);
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | b[i];
    return v;
}

const uint8_t *rd_bytes(reader *r, uint32_t n) {
    if ((size_t)(r->end - r->p) < n)
        rd_fail(r, "unexpected end");
    const uint8_t *p = r->p;
    r->p += n;
    return p;
}

reader rd_sub(reader *r, uint32_t n) {
    reader sub = *r;
    sub.end = rd_bytes(r, n) + n;
    return sub;
}

/* Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. */
static int utf8_valid(const uint8_t *s, uint32_t n) {
    uint32_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        uint32_t len, cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            len = 2, cp = c & 0x1f, min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3, cp = c & 0x0f, min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return 0;
        }
        if (n - i < len)
            return 0;
        for (uint32_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += len;
    }
    return 1;
}

const char *rd_name(reader *r, uint32_t *len) {
    uint32_t n = rd_u32(r);
    const uint8_t *s = rd_bytes(r, n);
    if (!utf8_valid(s, n))
        diag_fail(r->d, DIAG_MALFORMED, (size_t)(s - r->base), "malformed UTF-8 encoding");
    *len = n;
    return (const char *)s;
}
