/*
 * A bounds-checked cursor over the input bytes. Every read checks the end and
 * reports a malformed-module error at the current file offset on failure.
 */
#ifndef W2CL_READER_H
#define W2CL_READER_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

typedef struct {
    const uint8_t *base; /* start of the file: offsets are relative to it */
    const uint8_t *p;
    const uint8_t *end;
    diag *d;
} reader;

static inline size_t rd_offset(const reader *r) { return (size_t)(r->p - r->base); }
static inline int rd_at_end(const reader *r) { return r->p >= r->end; }

uint8_t rd_u8_slow(reader *r);
uint32_t rd_u32_slow(reader *r);
int32_t rd_s32_slow(reader *r);

/* The common one-byte cases inline: they are most of every body. */
static inline uint8_t rd_u8(reader *r) { return r->p < r->end ? *r->p++ : rd_u8_slow(r); }

/* unsigned LEB128, at most 5 bytes */
static inline uint32_t rd_u32(reader *r) {
    return r->p < r->end && *r->p < 0x80 ? *r->p++ : rd_u32_slow(r);
}

static inline int32_t rd_s32(reader *r) {
    if (r->p < r->end && *r->p < 0x80) {
        uint8_t b = *r->p++;
        return b & 0x40 ? (int32_t)b - 0x80 : (int32_t)b;
    }
    return rd_s32_slow(r);
}

int64_t rd_s33(reader *r); /* block types */
int64_t rd_s64(reader *r);
uint64_t rd_u64(reader *r);
uint32_t rd_f32_bits(reader *r);
uint64_t rd_f64_bits(reader *r);
/* `n` raw bytes; returns a pointer into the input. */
const uint8_t *rd_bytes(reader *r, uint32_t n);
/* A length-prefixed UTF-8 name; returns a pointer into the input, length in *len. */
const char *rd_name(reader *r, uint32_t *len);
/* A reader over the next `n` bytes; `r` moves past them. */
reader rd_sub(reader *r, uint32_t n);

/* Malformed-module error at the reader's position. */
DIAG_NORETURN void rd_fail(const reader *r, const char *fmt, ...) DIAG_PRINTF(2, 3);

#endif
