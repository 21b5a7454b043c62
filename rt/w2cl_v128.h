/*
 * The v128 value type. A w2cl_v128 holds 16 bytes in WebAssembly's memory
 * order on every host: v128.store writes them out unchanged, and lane i of
 * an i32x4 is bytes 4i..4i+3 read little-endian.
 *
 * Two representations, chosen at C compile time:
 *  - a GCC/Clang vector (fast path) on little-endian hosts with SSE2 or NEON;
 *  - a plain struct (portable path) everywhere else, or when
 *    W2CL_SIMD_PORTABLE is defined.
 * They differ in ABI: define W2CL_SIMD_PORTABLE for every translation unit
 * of a program or for none.
 */
#ifndef W2CL_V128_H
#define W2CL_V128_H

#include <stdint.h>
#include <string.h>

#if !defined(W2CL_SIMD_PORTABLE) && defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && (defined(__SSE2__) || defined(__ARM_NEON))
#define W2CL_SIMD_VECTOR 1
typedef uint8_t w2cl_v128 __attribute__((vector_size(16)));
#else
#define W2CL_SIMD_VECTOR 0
typedef struct {
    uint8_t bytes[16];
} w2cl_v128;
#endif

/* Conversions for embedders: the 16 bytes in memory order. */
static inline w2cl_v128 w2cl_v128_from_bytes(const uint8_t b[16]) {
    w2cl_v128 v;
    memcpy(&v, b, 16);
    return v;
}
static inline void w2cl_v128_to_bytes(w2cl_v128 v, uint8_t b[16]) { memcpy(b, &v, 16); }

#endif
