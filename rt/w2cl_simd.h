/*
 * wasm2c-lite runtime: the WebAssembly 2.0 fixed-width SIMD instructions
 * (prefix 0xFD in translator/opcodes.def). Generated code that uses v128
 * includes this header instead of w2cl_ops.h.
 *
 * Every helper is named w2cl_<text format name, '.' -> '_'> and is static
 * inline, so constant lane indices and shuffle masks fold away.
 *
 * Two implementations share each function (see w2cl_v128.h):
 *  - W2CL_SIMD_VECTOR == 1 (little-endian GCC/Clang with SSE2 or NEON):
 *    GCC vector extensions, plus SSE2/SSSE3/SSE4.1 or AArch64 NEON
 *    intrinsics where they do the job in fewer instructions. Define
 *    W2CL_SIMD_NO_INTRINSICS to keep only the vector-extension code.
 *  - W2CL_SIMD_VECTOR == 0: plain C99 lane loops. Lanes are read and written
 *    through w2cl_le16/32/64, so they are right on big-endian hosts too.
 * Any operation without a better vector form uses the lane loop in both.
 *
 * Semantics follow the spec exactly, with no undefined behaviour: integer
 * lanes are computed unsigned (wrapping), signed views go through sign
 * extension by bias, shift counts are masked, float-to-int conversions
 * are range-checked before any C cast.
 */
#ifndef W2CL_SIMD_H
#define W2CL_SIMD_H

#include "w2cl_ops.h"

/* ---- Which instruction sets the fast path may use ----------------------- */

#if W2CL_SIMD_VECTOR && !defined(W2CL_SIMD_NO_INTRINSICS) && defined(__SSE2__)
#define W2CL_HAS_SSE2 1
#include <emmintrin.h>
#else
#define W2CL_HAS_SSE2 0
#endif

#if W2CL_HAS_SSE2 && defined(__SSSE3__)
#define W2CL_HAS_SSSE3 1
#include <tmmintrin.h>
#else
#define W2CL_HAS_SSSE3 0
#endif

#if W2CL_HAS_SSE2 && defined(__SSE4_1__)
#define W2CL_HAS_SSE41 1
#include <smmintrin.h>
#else
#define W2CL_HAS_SSE41 0
#endif

/* AArch64 only: 32-bit NEON flushes float denormals to zero. */
#if W2CL_SIMD_VECTOR && !defined(W2CL_SIMD_NO_INTRINSICS) && defined(__ARM_NEON) && defined(__aarch64__)
#define W2CL_HAS_NEON64 1
#include <arm_neon.h>
#else
#define W2CL_HAS_NEON64 0
#endif

/* ---- Typed views of a v128 (fast path) ----------------------------------- */

#if W2CL_SIMD_VECTOR
/* Casts between these are bit casts. Lane i is lane i of the wasm value
   (the fast path exists only on little-endian hosts). */
typedef w2cl_v128 w2cl_vu8;
typedef int8_t w2cl_vi8 __attribute__((vector_size(16)));
typedef uint16_t w2cl_vu16 __attribute__((vector_size(16)));
typedef int16_t w2cl_vi16 __attribute__((vector_size(16)));
typedef uint32_t w2cl_vu32 __attribute__((vector_size(16)));
typedef int32_t w2cl_vi32 __attribute__((vector_size(16)));
typedef uint64_t w2cl_vu64 __attribute__((vector_size(16)));
typedef int64_t w2cl_vi64 __attribute__((vector_size(16)));
typedef float w2cl_vf32 __attribute__((vector_size(16)));
typedef double w2cl_vf64 __attribute__((vector_size(16)));

/* Intrinsic register types (SSE). */
#define W2CL_MI(v) ((__m128i)(v))
#define W2CL_MF(v) ((__m128)(v))
#define W2CL_MD(v) ((__m128d)(v))
#define W2CL_V(x) ((w2cl_v128)(x))

/* A byte shuffle of a and b with 16 constant indices (< 32). */
#if defined(__clang__)
#define W2CL_VSHUF(a, b, ...) W2CL_V(__builtin_shufflevector(W2CL_V(a), W2CL_V(b), __VA_ARGS__))
#else
#define W2CL_VSHUF(a, b, ...) __builtin_shuffle(W2CL_V(a), W2CL_V(b), (w2cl_v128){__VA_ARGS__})
#endif

/* (m & x) | (~m & y): a lane select with an all-ones/all-zeros mask. */
static inline w2cl_v128 w2cl_simd_select(w2cl_v128 m, w2cl_v128 x, w2cl_v128 y) { return (x & m) | (y & ~m); }

/* Interleave the low (or high) halves of a and b lane by lane:
   a0 b0 a1 b1 ... (x86 punpckl/punpckh, AArch64 zip1/zip2). Interleaving
   with zero or with the sign mask widens lanes to twice their size. */
static inline w2cl_v128 w2cl_simd_zip_lo8(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_VSHUF(a, b, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
}
static inline w2cl_v128 w2cl_simd_zip_hi8(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_VSHUF(a, b, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
}
static inline w2cl_v128 w2cl_simd_zip_lo16(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_VSHUF(a, b, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
}
static inline w2cl_v128 w2cl_simd_zip_hi16(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_VSHUF(a, b, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
}
static inline w2cl_v128 w2cl_simd_zip_lo32(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_VSHUF(a, b, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23);
}
static inline w2cl_v128 w2cl_simd_zip_hi32(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_VSHUF(a, b, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31);
}

/* Nonzero when any bit is set. */
static inline int w2cl_simd_any(w2cl_v128 v) {
    w2cl_vu64 q = (w2cl_vu64)v;
    return (q[0] | q[1]) != 0;
}
#endif /* W2CL_SIMD_VECTOR */

/* ---- Lanes as arrays (both paths) ----------------------------------------
 * The lane loops copy a v128 into an array of host integers, lane i at
 * index i, and back. memcpy keeps this valid for both representations;
 * on a little-endian host the w2cl_le* calls vanish. */

static inline void w2cl_simd_get8(w2cl_v128 v, uint8_t l[16]) { memcpy(l, &v, 16); }
static inline void w2cl_simd_get16(w2cl_v128 v, uint16_t l[8]) {
    int i;
    memcpy(l, &v, 16);
    for (i = 0; i < 8; i++)
        l[i] = w2cl_le16(l[i]);
}
static inline void w2cl_simd_get32(w2cl_v128 v, uint32_t l[4]) {
    int i;
    memcpy(l, &v, 16);
    for (i = 0; i < 4; i++)
        l[i] = w2cl_le32(l[i]);
}
static inline void w2cl_simd_get64(w2cl_v128 v, uint64_t l[2]) {
    memcpy(l, &v, 16);
    l[0] = w2cl_le64(l[0]);
    l[1] = w2cl_le64(l[1]);
}
static inline w2cl_v128 w2cl_simd_set8(const uint8_t l[16]) {
    w2cl_v128 v;
    memcpy(&v, l, 16);
    return v;
}
static inline w2cl_v128 w2cl_simd_set16(const uint16_t l[8]) {
    uint16_t t[8];
    w2cl_v128 v;
    int i;
    for (i = 0; i < 8; i++)
        t[i] = w2cl_le16(l[i]);
    memcpy(&v, t, 16);
    return v;
}
static inline w2cl_v128 w2cl_simd_set32(const uint32_t l[4]) {
    uint32_t t[4];
    w2cl_v128 v;
    int i;
    for (i = 0; i < 4; i++)
        t[i] = w2cl_le32(l[i]);
    memcpy(&v, t, 16);
    return v;
}
static inline w2cl_v128 w2cl_simd_set64(const uint64_t l[2]) {
    uint64_t t[2];
    w2cl_v128 v;
    t[0] = w2cl_le64(l[0]);
    t[1] = w2cl_le64(l[1]);
    memcpy(&v, t, 16);
    return v;
}
static inline void w2cl_simd_getf32(w2cl_v128 v, float l[4]) {
    uint32_t u[4];
    int i;
    w2cl_simd_get32(v, u);
    for (i = 0; i < 4; i++)
        l[i] = w2cl_f32_reinterpret_i32(u[i]);
}
static inline void w2cl_simd_getf64(w2cl_v128 v, double l[2]) {
    uint64_t u[2];
    w2cl_simd_get64(v, u);
    l[0] = w2cl_f64_reinterpret_i64(u[0]);
    l[1] = w2cl_f64_reinterpret_i64(u[1]);
}
static inline w2cl_v128 w2cl_simd_setf32(const float l[4]) {
    uint32_t u[4];
    int i;
    for (i = 0; i < 4; i++)
        u[i] = w2cl_i32_reinterpret_f32(l[i]);
    return w2cl_simd_set32(u);
}
static inline w2cl_v128 w2cl_simd_setf64(const double l[2]) {
    uint64_t u[2];
    u[0] = w2cl_i64_reinterpret_f64(l[0]);
    u[1] = w2cl_i64_reinterpret_f64(l[1]);
    return w2cl_simd_set64(u);
}

/* Lane loops, as function bodies. Each lane of A (and B) is widened to the
   unsigned type W and named x (and y); EXPR, truncated to the lane width,
   is the result lane. W is uint32_t for lanes up to 32 bits, so that 8-
   and 16-bit arithmetic never goes through signed int. */
#define W2CL_LANES1(bits, W, A, expr)                            \
    do {                                                         \
        uint##bits##_t l_[128 / (bits)];                         \
        int i_;                                                  \
        w2cl_simd_get##bits((A), l_);                            \
        for (i_ = 0; i_ < 128 / (bits); i_++) {                  \
            W x = l_[i_];                                        \
            l_[i_] = (uint##bits##_t)(expr);                     \
        }                                                        \
        return w2cl_simd_set##bits(l_);                          \
    } while (0)

#define W2CL_LANES2(bits, W, A, B, expr)                         \
    do {                                                         \
        uint##bits##_t la_[128 / (bits)], lb_[128 / (bits)];     \
        int i_;                                                  \
        w2cl_simd_get##bits((A), la_);                           \
        w2cl_simd_get##bits((B), lb_);                           \
        for (i_ = 0; i_ < 128 / (bits); i_++) {                  \
            W x = la_[i_], y = lb_[i_];                          \
            la_[i_] = (uint##bits##_t)(expr);                    \
        }                                                        \
        return w2cl_simd_set##bits(la_);                         \
    } while (0)

/* The same over float lanes (FT float or double, bits 32 or 64). */
#define W2CL_LANESF1(bits, FT, A, expr)                          \
    do {                                                         \
        FT l_[128 / (bits)];                                     \
        int i_;                                                  \
        w2cl_simd_getf##bits((A), l_);                           \
        for (i_ = 0; i_ < 128 / (bits); i_++) {                  \
            FT x = l_[i_];                                       \
            l_[i_] = (expr);                                     \
        }                                                        \
        return w2cl_simd_setf##bits(l_);                         \
    } while (0)

#define W2CL_LANESF2(bits, FT, A, B, expr)                       \
    do {                                                         \
        FT la_[128 / (bits)], lb_[128 / (bits)];                 \
        int i_;                                                  \
        w2cl_simd_getf##bits((A), la_);                          \
        w2cl_simd_getf##bits((B), lb_);                          \
        for (i_ = 0; i_ < 128 / (bits); i_++) {                  \
            FT x = la_[i_], y = lb_[i_];                         \
            la_[i_] = (expr);                                    \
        }                                                        \
        return w2cl_simd_setf##bits(la_);                        \
    } while (0)

/* Lane widening types for W2CL_LANES*: W2CL_W<bits>. */
#define W2CL_W8 uint32_t
#define W2CL_W16 uint32_t
#define W2CL_W32 uint32_t
#define W2CL_W64 uint64_t

/* Signed order as unsigned order: flip the sign bit (W2CL_KEYi<bits>);
   unsigned order is the identity (W2CL_KEYu<bits>). */
#define W2CL_KEYi8(x) ((x) ^ 0x80u)
#define W2CL_KEYi16(x) ((x) ^ 0x8000u)
#define W2CL_KEYi32(x) ((x) ^ 0x80000000u)
#define W2CL_KEYi64(x) ((x) ^ UINT64_C(0x8000000000000000))
#define W2CL_KEYu8(x) (x)
#define W2CL_KEYu16(x) (x)
#define W2CL_KEYu32(x) (x)
#define W2CL_KEYu64(x) (x)

/* The signed value of an 8- or 16-bit lane held in a uint32_t. */
static inline int32_t w2cl_simd_s8(uint32_t x) { return w2cl_s32(W2CL_SEXT32(x & 0xffu, 8)); }
static inline int32_t w2cl_simd_s16(uint32_t x) { return w2cl_s32(W2CL_SEXT32(x & 0xffffu, 16)); }
static inline int32_t w2cl_simd_clamp(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }

/* ---- Single lanes ------------------------------------------------------- */

/* Lane i (masked into range, though the validator already checked it). */
static inline uint8_t w2cl_simd_lane8(w2cl_v128 v, unsigned i) {
#if W2CL_SIMD_VECTOR
    return v[i & 15];
#else
    return v.bytes[i & 15];
#endif
}
static inline uint16_t w2cl_simd_lane16(w2cl_v128 v, unsigned i) {
#if W2CL_SIMD_VECTOR
    return ((w2cl_vu16)v)[i & 7];
#else
    uint16_t x;
    memcpy(&x, v.bytes + 2 * (i & 7), 2);
    return w2cl_le16(x);
#endif
}
static inline uint32_t w2cl_simd_lane32(w2cl_v128 v, unsigned i) {
#if W2CL_SIMD_VECTOR
    return ((w2cl_vu32)v)[i & 3];
#else
    uint32_t x;
    memcpy(&x, v.bytes + 4 * (i & 3), 4);
    return w2cl_le32(x);
#endif
}
static inline uint64_t w2cl_simd_lane64(w2cl_v128 v, unsigned i) {
#if W2CL_SIMD_VECTOR
    return ((w2cl_vu64)v)[i & 1];
#else
    uint64_t x;
    memcpy(&x, v.bytes + 8 * (i & 1), 8);
    return w2cl_le64(x);
#endif
}

/* v with lane i replaced by x. */
static inline w2cl_v128 w2cl_simd_with8(w2cl_v128 v, unsigned i, uint8_t x) {
#if W2CL_SIMD_VECTOR
    v[i & 15] = x;
#else
    v.bytes[i & 15] = x;
#endif
    return v;
}
static inline w2cl_v128 w2cl_simd_with16(w2cl_v128 v, unsigned i, uint16_t x) {
#if W2CL_SIMD_VECTOR
    w2cl_vu16 t = (w2cl_vu16)v;
    t[i & 7] = x;
    return W2CL_V(t);
#else
    x = w2cl_le16(x);
    memcpy(v.bytes + 2 * (i & 7), &x, 2);
    return v;
#endif
}
static inline w2cl_v128 w2cl_simd_with32(w2cl_v128 v, unsigned i, uint32_t x) {
#if W2CL_SIMD_VECTOR
    w2cl_vu32 t = (w2cl_vu32)v;
    t[i & 3] = x;
    return W2CL_V(t);
#else
    x = w2cl_le32(x);
    memcpy(v.bytes + 4 * (i & 3), &x, 4);
    return v;
#endif
}
static inline w2cl_v128 w2cl_simd_with64(w2cl_v128 v, unsigned i, uint64_t x) {
#if W2CL_SIMD_VECTOR
    w2cl_vu64 t = (w2cl_vu64)v;
    t[i & 1] = x;
    return W2CL_V(t);
#else
    x = w2cl_le64(x);
    memcpy(v.bytes + 8 * (i & 1), &x, 8);
    return v;
#endif
}

static inline uint32_t w2cl_i8x16_extract_lane_s(w2cl_v128 v, unsigned lane) {
    return W2CL_SEXT32(w2cl_simd_lane8(v, lane), 8);
}
static inline uint32_t w2cl_i8x16_extract_lane_u(w2cl_v128 v, unsigned lane) { return w2cl_simd_lane8(v, lane); }
static inline uint32_t w2cl_i16x8_extract_lane_s(w2cl_v128 v, unsigned lane) {
    return W2CL_SEXT32(w2cl_simd_lane16(v, lane), 16);
}
static inline uint32_t w2cl_i16x8_extract_lane_u(w2cl_v128 v, unsigned lane) { return w2cl_simd_lane16(v, lane); }
static inline uint32_t w2cl_i32x4_extract_lane(w2cl_v128 v, unsigned lane) { return w2cl_simd_lane32(v, lane); }
static inline uint64_t w2cl_i64x2_extract_lane(w2cl_v128 v, unsigned lane) { return w2cl_simd_lane64(v, lane); }
static inline float w2cl_f32x4_extract_lane(w2cl_v128 v, unsigned lane) {
    return w2cl_f32_reinterpret_i32(w2cl_simd_lane32(v, lane));
}
static inline double w2cl_f64x2_extract_lane(w2cl_v128 v, unsigned lane) {
    return w2cl_f64_reinterpret_i64(w2cl_simd_lane64(v, lane));
}

static inline w2cl_v128 w2cl_i8x16_replace_lane(w2cl_v128 v, unsigned lane, uint32_t x) {
    return w2cl_simd_with8(v, lane, (uint8_t)x);
}
static inline w2cl_v128 w2cl_i16x8_replace_lane(w2cl_v128 v, unsigned lane, uint32_t x) {
    return w2cl_simd_with16(v, lane, (uint16_t)x);
}
static inline w2cl_v128 w2cl_i32x4_replace_lane(w2cl_v128 v, unsigned lane, uint32_t x) {
    return w2cl_simd_with32(v, lane, x);
}
static inline w2cl_v128 w2cl_i64x2_replace_lane(w2cl_v128 v, unsigned lane, uint64_t x) {
    return w2cl_simd_with64(v, lane, x);
}
static inline w2cl_v128 w2cl_f32x4_replace_lane(w2cl_v128 v, unsigned lane, float x) {
    return w2cl_simd_with32(v, lane, w2cl_i32_reinterpret_f32(x));
}
static inline w2cl_v128 w2cl_f64x2_replace_lane(w2cl_v128 v, unsigned lane, double x) {
    return w2cl_simd_with64(v, lane, w2cl_i64_reinterpret_f64(x));
}

/* ---- Constants and splats ----------------------------------------------- */

static inline w2cl_v128 w2cl_v128_zero(void) {
    w2cl_v128 v;
    memset(&v, 0, sizeof v);
    return v;
}

/* lo holds bytes 0..7 (byte 0 = lo & 0xff), hi bytes 8..15. */
static inline w2cl_v128 w2cl_v128_const(uint64_t lo, uint64_t hi) {
#if W2CL_SIMD_VECTOR
    return W2CL_V(((w2cl_vu64){lo, hi}));
#else
    uint64_t l[2];
    l[0] = lo;
    l[1] = hi;
    return w2cl_simd_set64(l);
#endif
}

static inline w2cl_v128 w2cl_i8x16_splat(uint32_t x) {
#if W2CL_SIMD_VECTOR
    uint8_t b = (uint8_t)x;
    return (w2cl_v128){b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b};
#else
    w2cl_v128 v;
    memset(&v, (int)(x & 0xffu), sizeof v);
    return v;
#endif
}
static inline w2cl_v128 w2cl_i16x8_splat(uint32_t x) {
#if W2CL_SIMD_VECTOR
    uint16_t h = (uint16_t)x;
    return W2CL_V(((w2cl_vu16){h, h, h, h, h, h, h, h}));
#else
    uint16_t l[8];
    int i;
    for (i = 0; i < 8; i++)
        l[i] = (uint16_t)x;
    return w2cl_simd_set16(l);
#endif
}
static inline w2cl_v128 w2cl_i32x4_splat(uint32_t x) {
#if W2CL_SIMD_VECTOR
    return W2CL_V(((w2cl_vu32){x, x, x, x}));
#else
    uint32_t l[4];
    l[0] = l[1] = l[2] = l[3] = x;
    return w2cl_simd_set32(l);
#endif
}
static inline w2cl_v128 w2cl_i64x2_splat(uint64_t x) {
#if W2CL_SIMD_VECTOR
    return W2CL_V(((w2cl_vu64){x, x}));
#else
    uint64_t l[2];
    l[0] = l[1] = x;
    return w2cl_simd_set64(l);
#endif
}
/* Float splats copy bits, so NaN payloads survive. */
static inline w2cl_v128 w2cl_f32x4_splat(float x) { return w2cl_i32x4_splat(w2cl_i32_reinterpret_f32(x)); }
static inline w2cl_v128 w2cl_f64x2_splat(double x) { return w2cl_i64x2_splat(w2cl_i64_reinterpret_f64(x)); }

/* ---- Bitwise operations ------------------------------------------------- */

#if W2CL_SIMD_VECTOR
static inline w2cl_v128 w2cl_v128_not(w2cl_v128 a) { return ~a; }
static inline w2cl_v128 w2cl_v128_and(w2cl_v128 a, w2cl_v128 b) { return a & b; }
static inline w2cl_v128 w2cl_v128_andnot(w2cl_v128 a, w2cl_v128 b) { return a & ~b; }
static inline w2cl_v128 w2cl_v128_or(w2cl_v128 a, w2cl_v128 b) { return a | b; }
static inline w2cl_v128 w2cl_v128_xor(w2cl_v128 a, w2cl_v128 b) { return a ^ b; }
static inline w2cl_v128 w2cl_v128_bitselect(w2cl_v128 a, w2cl_v128 b, w2cl_v128 c) {
    return w2cl_simd_select(c, a, b);
}
static inline uint32_t w2cl_v128_any_true(w2cl_v128 a) { return (uint32_t)w2cl_simd_any(a); }
#else
static inline w2cl_v128 w2cl_v128_not(w2cl_v128 a) { W2CL_LANES1(64, uint64_t, a, ~x); }
static inline w2cl_v128 w2cl_v128_and(w2cl_v128 a, w2cl_v128 b) { W2CL_LANES2(64, uint64_t, a, b, x & y); }
static inline w2cl_v128 w2cl_v128_andnot(w2cl_v128 a, w2cl_v128 b) { W2CL_LANES2(64, uint64_t, a, b, x & ~y); }
static inline w2cl_v128 w2cl_v128_or(w2cl_v128 a, w2cl_v128 b) { W2CL_LANES2(64, uint64_t, a, b, x | y); }
static inline w2cl_v128 w2cl_v128_xor(w2cl_v128 a, w2cl_v128 b) { W2CL_LANES2(64, uint64_t, a, b, x ^ y); }
static inline w2cl_v128 w2cl_v128_bitselect(w2cl_v128 a, w2cl_v128 b, w2cl_v128 c) {
    uint64_t x[2], y[2], m[2];
    w2cl_simd_get64(a, x);
    w2cl_simd_get64(b, y);
    w2cl_simd_get64(c, m);
    x[0] = (x[0] & m[0]) | (y[0] & ~m[0]);
    x[1] = (x[1] & m[1]) | (y[1] & ~m[1]);
    return w2cl_simd_set64(x);
}
static inline uint32_t w2cl_v128_any_true(w2cl_v128 a) {
    uint64_t x[2];
    w2cl_simd_get64(a, x);
    return (x[0] | x[1]) != 0;
}
#endif

/* ---- Memory ------------------------------------------------------------- */
/* A v128 holds its bytes in memory order, so whole-vector accesses are a
   copy; the narrower ones reuse the scalar accessors of w2cl_ops.h. */

/* Guard-page builds access memory with volatile accesses (W2CL_READ in
   w2cl_ops.h): one of the vector, or two 8-byte halves of the struct, a
   store probing its last byte first as the halves are two stores. */
#if defined(W2CL_GUARD_PAGES) && W2CL_SIMD_VECTOR
typedef w2cl_v128 w2cl_gv128 __attribute__((aligned(1), may_alias));
#endif

static inline w2cl_v128 w2cl_v128_load(const w2cl_memory *m, uint64_t ea) {
    w2cl_v128 v;
#if defined(W2CL_GUARD_PAGES) && W2CL_SIMD_VECTOR
    W2CL_READ(v, v128, w2cl_mem_ptr(m, ea, 16));
#elif defined(W2CL_GUARD_PAGES)
    const uint8_t *p = w2cl_mem_ptr(m, ea, 16);
    uint64_t half;
    W2CL_READ(half, u64, p);
    memcpy(&v, &half, 8);
    W2CL_READ(half, u64, p + 8);
    memcpy((uint8_t *)&v + 8, &half, 8);
#else
    memcpy(&v, w2cl_mem_ptr(m, ea, 16), 16);
#endif
    return v;
}
static inline void w2cl_v128_store(w2cl_memory *m, uint64_t ea, w2cl_v128 v) {
#if defined(W2CL_GUARD_PAGES) && W2CL_SIMD_VECTOR
    W2CL_WRITE(w2cl_mem_ptr(m, ea, 16), v128, v);
#elif defined(W2CL_GUARD_PAGES)
    uint8_t *p = w2cl_mem_ptr(m, ea, 16);
    uint64_t half;
    (void)*(const volatile uint8_t *)(p + 15);
    memcpy(&half, &v, 8);
    W2CL_WRITE(p, u64, half);
    memcpy(&half, (uint8_t *)&v + 8, 8);
    W2CL_WRITE(p + 8, u64, half);
#else
    memcpy(w2cl_mem_ptr(m, ea, 16), &v, 16);
#endif
}

/* In a loop checked up front (rt/w2cl_ops.h): not volatile, and checked
   (_checked) or not at all (_unchecked). */
static inline w2cl_v128 w2cl_v128_load_unchecked(const w2cl_memory *m, uint64_t ea) {
    w2cl_v128 v;
    memcpy(&v, m->data + (size_t)ea, 16);
    return v;
}
static inline w2cl_v128 w2cl_v128_load_checked(const w2cl_memory *m, uint64_t ea) {
    w2cl_v128 v;
    memcpy(&v, w2cl_mem_ptr_checked(m, ea, 16), 16);
    return v;
}
static inline void w2cl_v128_store_unchecked(w2cl_memory *m, uint64_t ea, w2cl_v128 v) {
    memcpy(m->data + (size_t)ea, &v, 16);
}
static inline void w2cl_v128_store_checked(w2cl_memory *m, uint64_t ea, w2cl_v128 v) {
    memcpy(w2cl_mem_ptr_checked(m, ea, 16), &v, 16);
}

/* The loads of one lane (zero-extended or splat), for each kind of access
   of w2cl_ops.h: w2cl_v128_load32_zero, ..._unchecked, ..._checked. */
#define W2CL_V128_LANE_LOADS(SFX)                                                          \
    static inline w2cl_v128 w2cl_v128_load32_zero##SFX(const w2cl_memory *m, uint64_t ea) { \
        return w2cl_simd_with32(w2cl_v128_zero(), 0, w2cl_load32##SFX(m, ea));               \
    }                                                                                      \
    static inline w2cl_v128 w2cl_v128_load64_zero##SFX(const w2cl_memory *m, uint64_t ea) { \
        return w2cl_simd_with64(w2cl_v128_zero(), 0, w2cl_load64##SFX(m, ea));               \
    }                                                                                      \
    static inline w2cl_v128 w2cl_v128_load8_splat##SFX(const w2cl_memory *m, uint64_t ea) { \
        return w2cl_i8x16_splat(w2cl_load8##SFX(m, ea));                                    \
    }                                                                                      \
    static inline w2cl_v128 w2cl_v128_load16_splat##SFX(const w2cl_memory *m, uint64_t ea) { \
        return w2cl_i16x8_splat(w2cl_load16##SFX(m, ea));                                   \
    }                                                                                      \
    static inline w2cl_v128 w2cl_v128_load32_splat##SFX(const w2cl_memory *m, uint64_t ea) { \
        return w2cl_i32x4_splat(w2cl_load32##SFX(m, ea));                                   \
    }                                                                                      \
    static inline w2cl_v128 w2cl_v128_load64_splat##SFX(const w2cl_memory *m, uint64_t ea) { \
        return w2cl_i64x2_splat(w2cl_load64##SFX(m, ea));                                   \
    }
W2CL_V128_LANE_LOADS()
W2CL_V128_LANE_LOADS(_unchecked)
W2CL_V128_LANE_LOADS(_checked)

static inline w2cl_v128 w2cl_v128_load8_lane(const w2cl_memory *m, uint64_t ea, w2cl_v128 v, unsigned lane) {
    return w2cl_simd_with8(v, lane, w2cl_load8(m, ea));
}
static inline w2cl_v128 w2cl_v128_load16_lane(const w2cl_memory *m, uint64_t ea, w2cl_v128 v, unsigned lane) {
    return w2cl_simd_with16(v, lane, w2cl_load16(m, ea));
}
static inline w2cl_v128 w2cl_v128_load32_lane(const w2cl_memory *m, uint64_t ea, w2cl_v128 v, unsigned lane) {
    return w2cl_simd_with32(v, lane, w2cl_load32(m, ea));
}
static inline w2cl_v128 w2cl_v128_load64_lane(const w2cl_memory *m, uint64_t ea, w2cl_v128 v, unsigned lane) {
    return w2cl_simd_with64(v, lane, w2cl_load64(m, ea));
}
static inline void w2cl_v128_store8_lane(w2cl_memory *m, uint64_t ea, w2cl_v128 v, unsigned lane) {
    w2cl_store8(m, ea, w2cl_simd_lane8(v, lane));
}
static inline void w2cl_v128_store16_lane(w2cl_memory *m, uint64_t ea, w2cl_v128 v, unsigned lane) {
    w2cl_store16(m, ea, w2cl_simd_lane16(v, lane));
}
static inline void w2cl_v128_store32_lane(w2cl_memory *m, uint64_t ea, w2cl_v128 v, unsigned lane) {
    w2cl_store32(m, ea, w2cl_simd_lane32(v, lane));
}
static inline void w2cl_v128_store64_lane(w2cl_memory *m, uint64_t ea, w2cl_v128 v, unsigned lane) {
    w2cl_store64(m, ea, w2cl_simd_lane64(v, lane));
}

/* The extending loads (v128.load8x8_s ...) follow the extend family below. */

/* ---- Shuffles ----------------------------------------------------------- */

#if W2CL_SIMD_VECTOR && defined(__clang__)
/* Byte k of a:b. Inlined with a constant k, clang turns the 16 picks of
   w2cl_i8x16_shuffle into one shufflevector. */
static inline uint8_t w2cl_simd_pick(w2cl_v128 a, w2cl_v128 b, unsigned k) {
    return k < 16 ? a[k] : b[k & 15];
}
#define W2CL_PICK_LO(i) w2cl_simd_pick(a, b, (unsigned)(lo >> (8 * (i))) & 31u)
#define W2CL_PICK_HI(i) w2cl_simd_pick(a, b, (unsigned)(hi >> (8 * (i))) & 31u)
#endif

/* GCC without SSSE3 lowers most constant byte shuffles to ~50 scalar
   instructions (SSE2 has no byte permute). Nearly every x86-64 CPU has
   SSSE3's pshufb, so such builds check for it at run time and call a
   function compiled for it: a call instead of the scalar sequence. */
#if W2CL_SIMD_VECTOR && W2CL_HAS_SSE2 && !W2CL_HAS_SSSE3 && !defined(__clang__) && \
    (defined(__x86_64__) || defined(__i386__))
#define W2CL_SHUFFLE_DISPATCH 1
#include <tmmintrin.h>
__attribute__((target("ssse3"))) static inline __m128i w2cl_simd_shuffle_ssse3(__m128i a, __m128i b, __m128i ia,
                                                                               __m128i ib) {
    return _mm_or_si128(_mm_shuffle_epi8(a, ia), _mm_shuffle_epi8(b, ib));
}
#else
#define W2CL_SHUFFLE_DISPATCH 0
#endif

/* Lane i of the result is byte index[i] of the 32 bytes a:b; the indices
   (< 32, validated) are packed like v128.const. */
static inline w2cl_v128 w2cl_i8x16_shuffle(w2cl_v128 a, w2cl_v128 b, uint64_t lo, uint64_t hi) {
#if W2CL_SIMD_VECTOR && defined(__clang__)
    /* __builtin_shufflevector wants literal indices: spell out the lanes. */
    w2cl_v128 r = {W2CL_PICK_LO(0), W2CL_PICK_LO(1), W2CL_PICK_LO(2), W2CL_PICK_LO(3),
                   W2CL_PICK_LO(4), W2CL_PICK_LO(5), W2CL_PICK_LO(6), W2CL_PICK_LO(7),
                   W2CL_PICK_HI(0), W2CL_PICK_HI(1), W2CL_PICK_HI(2), W2CL_PICK_HI(3),
                   W2CL_PICK_HI(4), W2CL_PICK_HI(5), W2CL_PICK_HI(6), W2CL_PICK_HI(7)};
    return r;
#elif W2CL_SIMD_VECTOR
    /* GCC folds a constant mask to the best permute it has. */
    w2cl_v128 mask;
    int i;
    for (i = 0; i < 8; i++) {
        mask[i] = (uint8_t)((lo >> (8 * i)) & 31);
        mask[i + 8] = (uint8_t)((hi >> (8 * i)) & 31);
    }
#if W2CL_SHUFFLE_DISPATCH
    if (__builtin_cpu_supports("ssse3")) {
        /* Indices of the other input become 0x80 (pshufb: zero); folded. */
        w2cl_v128 high = (w2cl_v128)(mask > 15) & 0x80;
        w2cl_v128 ia = mask | high, ib = (mask - 16) | (high ^ 0x80);
        return W2CL_V(w2cl_simd_shuffle_ssse3(W2CL_MI(a), W2CL_MI(b), W2CL_MI(ia), W2CL_MI(ib)));
    }
#endif
    return __builtin_shuffle(a, b, mask);
#else
    uint8_t ab[32], r[16];
    int i;
    w2cl_simd_get8(a, ab);
    w2cl_simd_get8(b, ab + 16);
    for (i = 0; i < 8; i++) {
        r[i] = ab[(lo >> (8 * i)) & 31];
        r[i + 8] = ab[(hi >> (8 * i)) & 31];
    }
    return w2cl_simd_set8(r);
#endif
}
#undef W2CL_PICK_LO
#undef W2CL_PICK_HI

/* Lane i is a[s[i]], or 0 when s[i] >= 16. */
static inline w2cl_v128 w2cl_i8x16_swizzle(w2cl_v128 a, w2cl_v128 s) {
#if W2CL_HAS_SSSE3
    /* pshufb zeroes a lane whose index has its top bit set: push indices
       >= 16 there with a saturating add that keeps the low nibble of the rest. */
    return W2CL_V(_mm_shuffle_epi8(W2CL_MI(a), _mm_adds_epu8(W2CL_MI(s), _mm_set1_epi8(0x70))));
#elif W2CL_HAS_NEON64
    return W2CL_V(vqtbl1q_u8((uint8x16_t)a, (uint8x16_t)s)); /* out of range gives 0 */
#else
    uint8_t x[16], idx[16], r[16];
    int i;
    w2cl_simd_get8(a, x);
    w2cl_simd_get8(s, idx);
    for (i = 0; i < 16; i++)
        r[i] = idx[i] < 16 ? x[idx[i]] : 0;
    return w2cl_simd_set8(r);
#endif
}

/* ---- Integer comparisons ------------------------------------------------ */
/* sign is i (signed) or u (unsigned). The vector compare yields all-ones
   or all-zeros lanes directly; the lane loop compares sign-flipped keys. */

#if W2CL_SIMD_VECTOR
#define W2CL_ICMP(name, sign, bits, op)                                    \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) {               \
        return W2CL_V((w2cl_v##sign##bits)a op (w2cl_v##sign##bits)b);     \
    }
#else
#define W2CL_ICMP(name, sign, bits, op)                                             \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) {                        \
        W2CL_LANES2(bits, W2CL_W##bits, a, b,                                       \
                    W2CL_KEY##sign##bits(x) op W2CL_KEY##sign##bits(y) ? ~(W2CL_W##bits)0 : 0); \
    }
#endif

W2CL_ICMP(w2cl_i8x16_eq, u, 8, ==)
W2CL_ICMP(w2cl_i8x16_ne, u, 8, !=)
W2CL_ICMP(w2cl_i8x16_lt_s, i, 8, <)
W2CL_ICMP(w2cl_i8x16_lt_u, u, 8, <)
W2CL_ICMP(w2cl_i8x16_gt_s, i, 8, >)
W2CL_ICMP(w2cl_i8x16_gt_u, u, 8, >)
W2CL_ICMP(w2cl_i8x16_le_s, i, 8, <=)
W2CL_ICMP(w2cl_i8x16_le_u, u, 8, <=)
W2CL_ICMP(w2cl_i8x16_ge_s, i, 8, >=)
W2CL_ICMP(w2cl_i8x16_ge_u, u, 8, >=)
W2CL_ICMP(w2cl_i16x8_eq, u, 16, ==)
W2CL_ICMP(w2cl_i16x8_ne, u, 16, !=)
W2CL_ICMP(w2cl_i16x8_lt_s, i, 16, <)
W2CL_ICMP(w2cl_i16x8_lt_u, u, 16, <)
W2CL_ICMP(w2cl_i16x8_gt_s, i, 16, >)
W2CL_ICMP(w2cl_i16x8_gt_u, u, 16, >)
W2CL_ICMP(w2cl_i16x8_le_s, i, 16, <=)
W2CL_ICMP(w2cl_i16x8_le_u, u, 16, <=)
W2CL_ICMP(w2cl_i16x8_ge_s, i, 16, >=)
W2CL_ICMP(w2cl_i16x8_ge_u, u, 16, >=)
W2CL_ICMP(w2cl_i32x4_eq, u, 32, ==)
W2CL_ICMP(w2cl_i32x4_ne, u, 32, !=)
W2CL_ICMP(w2cl_i32x4_lt_s, i, 32, <)
W2CL_ICMP(w2cl_i32x4_lt_u, u, 32, <)
W2CL_ICMP(w2cl_i32x4_gt_s, i, 32, >)
W2CL_ICMP(w2cl_i32x4_gt_u, u, 32, >)
W2CL_ICMP(w2cl_i32x4_le_s, i, 32, <=)
W2CL_ICMP(w2cl_i32x4_le_u, u, 32, <=)
W2CL_ICMP(w2cl_i32x4_ge_s, i, 32, >=)
W2CL_ICMP(w2cl_i32x4_ge_u, u, 32, >=)
W2CL_ICMP(w2cl_i64x2_eq, u, 64, ==)
W2CL_ICMP(w2cl_i64x2_ne, u, 64, !=)
W2CL_ICMP(w2cl_i64x2_lt_s, i, 64, <)
W2CL_ICMP(w2cl_i64x2_gt_s, i, 64, >)
W2CL_ICMP(w2cl_i64x2_le_s, i, 64, <=)
W2CL_ICMP(w2cl_i64x2_ge_s, i, 64, >=)
#undef W2CL_ICMP

/* ---- Integer add, sub, mul, neg ----------------------------------------- */
/* Unsigned lanes wrap, which is exactly the wasm semantics. */

#if W2CL_SIMD_VECTOR
#define W2CL_IBIN(name, bits, op) \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) { return W2CL_V((w2cl_vu##bits)a op (w2cl_vu##bits)b); }
#define W2CL_INEG(name, bits) \
    static inline w2cl_v128 name(w2cl_v128 a) { return W2CL_V(-(w2cl_vu##bits)a); }
#else
#define W2CL_IBIN(name, bits, op) \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) { W2CL_LANES2(bits, W2CL_W##bits, a, b, x op y); }
#define W2CL_INEG(name, bits) \
    static inline w2cl_v128 name(w2cl_v128 a) { W2CL_LANES1(bits, W2CL_W##bits, a, 0u - x); }
#endif

W2CL_IBIN(w2cl_i8x16_add, 8, +)
W2CL_IBIN(w2cl_i8x16_sub, 8, -)
W2CL_INEG(w2cl_i8x16_neg, 8)
W2CL_IBIN(w2cl_i16x8_add, 16, +)
W2CL_IBIN(w2cl_i16x8_sub, 16, -)
W2CL_IBIN(w2cl_i16x8_mul, 16, *)
W2CL_INEG(w2cl_i16x8_neg, 16)
W2CL_IBIN(w2cl_i32x4_add, 32, +)
W2CL_IBIN(w2cl_i32x4_sub, 32, -)
W2CL_IBIN(w2cl_i32x4_mul, 32, *)
W2CL_INEG(w2cl_i32x4_neg, 32)
W2CL_IBIN(w2cl_i64x2_add, 64, +)
W2CL_IBIN(w2cl_i64x2_sub, 64, -)
W2CL_IBIN(w2cl_i64x2_mul, 64, *)
W2CL_INEG(w2cl_i64x2_neg, 64)
#undef W2CL_IBIN
#undef W2CL_INEG

/* ---- abs: wraps, so abs(INT_MIN) == INT_MIN ----------------------------- */
/* (x ^ s) - s with s the lane's sign mask; compilers map it to pabs/abs. */

#if W2CL_SIMD_VECTOR
#define W2CL_IABS(name, bits)                                            \
    static inline w2cl_v128 name(w2cl_v128 a) {                          \
        w2cl_vu##bits s = (w2cl_vu##bits)((w2cl_vi##bits)a >> ((bits)-1)); \
        return W2CL_V(((w2cl_vu##bits)a ^ s) - s);                       \
    }
#else
#define W2CL_IABS(name, bits) \
    static inline w2cl_v128 name(w2cl_v128 a) { W2CL_LANES1(bits, W2CL_W##bits, a, x >> ((bits)-1) ? 0u - x : x); }
#endif
W2CL_IABS(w2cl_i8x16_abs, 8)
W2CL_IABS(w2cl_i16x8_abs, 16)
W2CL_IABS(w2cl_i32x4_abs, 32)
W2CL_IABS(w2cl_i64x2_abs, 64)
#undef W2CL_IABS

/* ---- Shifts: the count is taken modulo the lane width ------------------- */

#if W2CL_SIMD_VECTOR
#define W2CL_ISHIFT(name, sign, bits, op, lane_expr) \
    static inline w2cl_v128 name(w2cl_v128 a, uint32_t n) { return W2CL_V((w2cl_v##sign##bits)a op (n & ((bits)-1))); }
#else
#define W2CL_ISHIFT(name, sign, bits, op, lane_expr) \
    static inline w2cl_v128 name(w2cl_v128 a, uint32_t n) { W2CL_LANES1(bits, W2CL_W##bits, a, lane_expr); }
#endif
/* In the lane loops, >> of a signed lane sign-extends it to 32 or 64 bits
   and uses the scalar arithmetic shift. */
W2CL_ISHIFT(w2cl_i8x16_shl, u, 8, <<, x << (n & 7))
W2CL_ISHIFT(w2cl_i8x16_shr_s, i, 8, >>, w2cl_i32_shr_s(W2CL_SEXT32(x, 8), n & 7))
W2CL_ISHIFT(w2cl_i8x16_shr_u, u, 8, >>, x >> (n & 7))
W2CL_ISHIFT(w2cl_i16x8_shl, u, 16, <<, x << (n & 15))
W2CL_ISHIFT(w2cl_i16x8_shr_s, i, 16, >>, w2cl_i32_shr_s(W2CL_SEXT32(x, 16), n & 15))
W2CL_ISHIFT(w2cl_i16x8_shr_u, u, 16, >>, x >> (n & 15))
W2CL_ISHIFT(w2cl_i32x4_shl, u, 32, <<, x << (n & 31))
W2CL_ISHIFT(w2cl_i32x4_shr_s, i, 32, >>, w2cl_i32_shr_s(x, n))
W2CL_ISHIFT(w2cl_i32x4_shr_u, u, 32, >>, x >> (n & 31))
W2CL_ISHIFT(w2cl_i64x2_shl, u, 64, <<, x << (n & 63))
W2CL_ISHIFT(w2cl_i64x2_shr_s, i, 64, >>, w2cl_i64_shr_s(x, n))
W2CL_ISHIFT(w2cl_i64x2_shr_u, u, 64, >>, x >> (n & 63))
#undef W2CL_ISHIFT

/* ---- Saturating add and sub --------------------------------------------- */
/* SSE2 and NEON have all eight as single instructions. */

#if W2CL_HAS_SSE2
#define W2CL_ISAT(name, bits, sse, neon, neon_t, lane_expr) \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(sse(W2CL_MI(a), W2CL_MI(b))); }
#elif W2CL_HAS_NEON64
#define W2CL_ISAT(name, bits, sse, neon, neon_t, lane_expr) \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(neon((neon_t)a, (neon_t)b)); }
#else
#define W2CL_ISAT(name, bits, sse, neon, neon_t, lane_expr) \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) { W2CL_LANES2(bits, uint32_t, a, b, lane_expr); }
#endif
W2CL_ISAT(w2cl_i8x16_add_sat_s, 8, _mm_adds_epi8, vqaddq_s8, int8x16_t,
          w2cl_simd_clamp(w2cl_simd_s8(x) + w2cl_simd_s8(y), -128, 127))
W2CL_ISAT(w2cl_i8x16_add_sat_u, 8, _mm_adds_epu8, vqaddq_u8, uint8x16_t, x + y > 0xffu ? 0xffu : x + y)
W2CL_ISAT(w2cl_i8x16_sub_sat_s, 8, _mm_subs_epi8, vqsubq_s8, int8x16_t,
          w2cl_simd_clamp(w2cl_simd_s8(x) - w2cl_simd_s8(y), -128, 127))
W2CL_ISAT(w2cl_i8x16_sub_sat_u, 8, _mm_subs_epu8, vqsubq_u8, uint8x16_t, x > y ? x - y : 0u)
W2CL_ISAT(w2cl_i16x8_add_sat_s, 16, _mm_adds_epi16, vqaddq_s16, int16x8_t,
          w2cl_simd_clamp(w2cl_simd_s16(x) + w2cl_simd_s16(y), -32768, 32767))
W2CL_ISAT(w2cl_i16x8_add_sat_u, 16, _mm_adds_epu16, vqaddq_u16, uint16x8_t, x + y > 0xffffu ? 0xffffu : x + y)
W2CL_ISAT(w2cl_i16x8_sub_sat_s, 16, _mm_subs_epi16, vqsubq_s16, int16x8_t,
          w2cl_simd_clamp(w2cl_simd_s16(x) - w2cl_simd_s16(y), -32768, 32767))
W2CL_ISAT(w2cl_i16x8_sub_sat_u, 16, _mm_subs_epu16, vqsubq_u16, uint16x8_t, x > y ? x - y : 0u)
#undef W2CL_ISAT

/* ---- Integer min and max ------------------------------------------------ */
/* One instruction where the ISA has it: SSE2 only for u8 and i16, SSE4.1
   and NEON for all. Otherwise compare and select. */

#define W2CL_IMINMAX_SSE(name, sse) \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(sse(W2CL_MI(a), W2CL_MI(b))); }
#define W2CL_IMINMAX_NEON(name, neon, neon_t) \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(neon((neon_t)a, (neon_t)b)); }
#if W2CL_SIMD_VECTOR
#define W2CL_IMINMAX(name, sign, bits, op)                                                       \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) {                                     \
        return w2cl_simd_select(W2CL_V((w2cl_v##sign##bits)a op (w2cl_v##sign##bits)b), a, b);   \
    }
#else
#define W2CL_IMINMAX(name, sign, bits, op)                                                       \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) {                                     \
        W2CL_LANES2(bits, W2CL_W##bits, a, b,                                                    \
                    W2CL_KEY##sign##bits(x) op W2CL_KEY##sign##bits(y) ? x : y);                 \
    }
#endif

#if W2CL_HAS_NEON64
W2CL_IMINMAX_NEON(w2cl_i8x16_min_s, vminq_s8, int8x16_t)
W2CL_IMINMAX_NEON(w2cl_i8x16_min_u, vminq_u8, uint8x16_t)
W2CL_IMINMAX_NEON(w2cl_i8x16_max_s, vmaxq_s8, int8x16_t)
W2CL_IMINMAX_NEON(w2cl_i8x16_max_u, vmaxq_u8, uint8x16_t)
W2CL_IMINMAX_NEON(w2cl_i16x8_min_s, vminq_s16, int16x8_t)
W2CL_IMINMAX_NEON(w2cl_i16x8_min_u, vminq_u16, uint16x8_t)
W2CL_IMINMAX_NEON(w2cl_i16x8_max_s, vmaxq_s16, int16x8_t)
W2CL_IMINMAX_NEON(w2cl_i16x8_max_u, vmaxq_u16, uint16x8_t)
W2CL_IMINMAX_NEON(w2cl_i32x4_min_s, vminq_s32, int32x4_t)
W2CL_IMINMAX_NEON(w2cl_i32x4_min_u, vminq_u32, uint32x4_t)
W2CL_IMINMAX_NEON(w2cl_i32x4_max_s, vmaxq_s32, int32x4_t)
W2CL_IMINMAX_NEON(w2cl_i32x4_max_u, vmaxq_u32, uint32x4_t)
#else
#if W2CL_HAS_SSE2
W2CL_IMINMAX_SSE(w2cl_i8x16_min_u, _mm_min_epu8)
W2CL_IMINMAX_SSE(w2cl_i8x16_max_u, _mm_max_epu8)
W2CL_IMINMAX_SSE(w2cl_i16x8_min_s, _mm_min_epi16)
W2CL_IMINMAX_SSE(w2cl_i16x8_max_s, _mm_max_epi16)
#else
W2CL_IMINMAX(w2cl_i8x16_min_u, u, 8, <)
W2CL_IMINMAX(w2cl_i8x16_max_u, u, 8, >)
W2CL_IMINMAX(w2cl_i16x8_min_s, i, 16, <)
W2CL_IMINMAX(w2cl_i16x8_max_s, i, 16, >)
#endif
#if W2CL_HAS_SSE41
W2CL_IMINMAX_SSE(w2cl_i8x16_min_s, _mm_min_epi8)
W2CL_IMINMAX_SSE(w2cl_i8x16_max_s, _mm_max_epi8)
W2CL_IMINMAX_SSE(w2cl_i16x8_min_u, _mm_min_epu16)
W2CL_IMINMAX_SSE(w2cl_i16x8_max_u, _mm_max_epu16)
W2CL_IMINMAX_SSE(w2cl_i32x4_min_s, _mm_min_epi32)
W2CL_IMINMAX_SSE(w2cl_i32x4_min_u, _mm_min_epu32)
W2CL_IMINMAX_SSE(w2cl_i32x4_max_s, _mm_max_epi32)
W2CL_IMINMAX_SSE(w2cl_i32x4_max_u, _mm_max_epu32)
#else
W2CL_IMINMAX(w2cl_i8x16_min_s, i, 8, <)
W2CL_IMINMAX(w2cl_i8x16_max_s, i, 8, >)
W2CL_IMINMAX(w2cl_i16x8_min_u, u, 16, <)
W2CL_IMINMAX(w2cl_i16x8_max_u, u, 16, >)
W2CL_IMINMAX(w2cl_i32x4_min_s, i, 32, <)
W2CL_IMINMAX(w2cl_i32x4_min_u, u, 32, <)
W2CL_IMINMAX(w2cl_i32x4_max_s, i, 32, >)
W2CL_IMINMAX(w2cl_i32x4_max_u, u, 32, >)
#endif
#endif
#undef W2CL_IMINMAX_SSE
#undef W2CL_IMINMAX_NEON
#undef W2CL_IMINMAX

/* ---- avgr_u: (a + b + 1) >> 1 without overflow --------------------------- */

#if W2CL_HAS_SSE2
static inline w2cl_v128 w2cl_i8x16_avgr_u(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(_mm_avg_epu8(W2CL_MI(a), W2CL_MI(b))); }
static inline w2cl_v128 w2cl_i16x8_avgr_u(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(_mm_avg_epu16(W2CL_MI(a), W2CL_MI(b))); }
#elif W2CL_HAS_NEON64
static inline w2cl_v128 w2cl_i8x16_avgr_u(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(vrhaddq_u8((uint8x16_t)a, (uint8x16_t)b)); }
static inline w2cl_v128 w2cl_i16x8_avgr_u(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(vrhaddq_u16((uint16x8_t)a, (uint16x8_t)b)); }
#elif W2CL_SIMD_VECTOR
/* ceil((a + b) / 2) == (a | b) - ((a ^ b) >> 1) */
static inline w2cl_v128 w2cl_i8x16_avgr_u(w2cl_v128 a, w2cl_v128 b) { return (a | b) - ((a ^ b) >> 1); }
static inline w2cl_v128 w2cl_i16x8_avgr_u(w2cl_v128 a, w2cl_v128 b) {
    w2cl_vu16 x = (w2cl_vu16)a, y = (w2cl_vu16)b;
    return W2CL_V((x | y) - ((x ^ y) >> 1));
}
#else
static inline w2cl_v128 w2cl_i8x16_avgr_u(w2cl_v128 a, w2cl_v128 b) { W2CL_LANES2(8, uint32_t, a, b, (x + y + 1) >> 1); }
static inline w2cl_v128 w2cl_i16x8_avgr_u(w2cl_v128 a, w2cl_v128 b) { W2CL_LANES2(16, uint32_t, a, b, (x + y + 1) >> 1); }
#endif

/* ---- q15mulr_sat_s: (a * b + 0x4000) >> 15, saturated --------------------- */
/* Only -32768 * -32768 leaves the i16 range. */

static inline w2cl_v128 w2cl_i16x8_q15mulr_sat_s(w2cl_v128 a, w2cl_v128 b) {
#if W2CL_HAS_SSSE3
    /* pmulhrsw is this op but wraps the one overflow to 0x8000, which no
       in-range product gives: flip it to 0x7fff. */
    __m128i r = _mm_mulhrs_epi16(W2CL_MI(a), W2CL_MI(b));
    return W2CL_V(_mm_xor_si128(r, _mm_cmpeq_epi16(r, _mm_set1_epi16(-0x8000))));
#elif W2CL_HAS_SSE2
    /* Full 32-bit products from the low and high halves, round, shift,
       and let packssdw saturate. */
    __m128i lo = _mm_mullo_epi16(W2CL_MI(a), W2CL_MI(b));
    __m128i hi = _mm_mulhi_epi16(W2CL_MI(a), W2CL_MI(b));
    __m128i rnd = _mm_set1_epi32(0x4000);
    __m128i p0 = _mm_srai_epi32(_mm_add_epi32(_mm_unpacklo_epi16(lo, hi), rnd), 15);
    __m128i p1 = _mm_srai_epi32(_mm_add_epi32(_mm_unpackhi_epi16(lo, hi), rnd), 15);
    return W2CL_V(_mm_packs_epi32(p0, p1));
#elif W2CL_HAS_NEON64
    return W2CL_V(vqrdmulhq_s16((int16x8_t)a, (int16x8_t)b)); /* sat((2ab + 2^15) >> 16) */
#else
    W2CL_LANES2(16, uint32_t, a, b,
                w2cl_simd_clamp(
                    w2cl_s32(w2cl_i32_shr_s((uint32_t)(w2cl_simd_s16(x) * w2cl_simd_s16(y) + 0x4000), 15)),
                    -32768, 32767));
#endif
}

/* ---- popcnt ------------------------------------------------------------- */

/* The bit count of each byte of x, in that byte (bit-parallel). The lane
   loop works on 64-bit chunks with this rather than calling
   __builtin_popcount per byte: GCC 12 for s390x merges such a byte loop
   into one 64-bit popcnt and stores the total. */
static inline uint64_t w2cl_simd_popcnt_bytes(uint64_t x) {
    x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    return (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
}

static inline w2cl_v128 w2cl_i8x16_popcnt(w2cl_v128 a) {
#if W2CL_HAS_SSSE3
    /* Two 16-entry table lookups, one per nibble. */
    __m128i table = _mm_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
    __m128i nib = _mm_set1_epi8(0x0f);
    __m128i lo = _mm_shuffle_epi8(table, _mm_and_si128(W2CL_MI(a), nib));
    __m128i hi = _mm_shuffle_epi8(table, _mm_and_si128(_mm_srli_epi16(W2CL_MI(a), 4), nib));
    return W2CL_V(_mm_add_epi8(lo, hi));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcntq_u8((uint8x16_t)a));
#elif W2CL_SIMD_VECTOR
    /* Bit-parallel count within each byte. */
    w2cl_v128 x = a - ((a >> 1) & 0x55);
    x = (x & 0x33) + ((x >> 2) & 0x33);
    return (x + (x >> 4)) & 0x0f;
#else
    W2CL_LANES1(64, uint64_t, a, w2cl_simd_popcnt_bytes(x));
#endif
}

/* ---- all_true and bitmask ----------------------------------------------- */

#if W2CL_SIMD_VECTOR
/* No lane equals zero. */
static inline uint32_t w2cl_i8x16_all_true(w2cl_v128 a) { return !w2cl_simd_any(W2CL_V(a == w2cl_v128_zero())); }
static inline uint32_t w2cl_i16x8_all_true(w2cl_v128 a) { return !w2cl_simd_any(W2CL_V((w2cl_vu16)a == (w2cl_vu16)w2cl_v128_zero())); }
static inline uint32_t w2cl_i32x4_all_true(w2cl_v128 a) { return !w2cl_simd_any(W2CL_V((w2cl_vu32)a == (w2cl_vu32)w2cl_v128_zero())); }
static inline uint32_t w2cl_i64x2_all_true(w2cl_v128 a) { return !w2cl_simd_any(W2CL_V((w2cl_vu64)a == (w2cl_vu64)w2cl_v128_zero())); }
#else
#define W2CL_ALL_TRUE(name, bits)                        \
    static inline uint32_t name(w2cl_v128 a) {           \
        uint##bits##_t l[128 / (bits)];                  \
        int i;                                           \
        w2cl_simd_get##bits(a, l);                       \
        for (i = 0; i < 128 / (bits); i++)               \
            if (l[i] == 0)                               \
                return 0;                                \
        return 1;                                        \
    }
W2CL_ALL_TRUE(w2cl_i8x16_all_true, 8)
W2CL_ALL_TRUE(w2cl_i16x8_all_true, 16)
W2CL_ALL_TRUE(w2cl_i32x4_all_true, 32)
W2CL_ALL_TRUE(w2cl_i64x2_all_true, 64)
#undef W2CL_ALL_TRUE
#endif

/* The top bit of each lane, lane 0 in bit 0. */
#if W2CL_HAS_SSE2
static inline uint32_t w2cl_i8x16_bitmask(w2cl_v128 a) { return (uint32_t)_mm_movemask_epi8(W2CL_MI(a)); }
/* packsswb keeps each lane's sign. */
static inline uint32_t w2cl_i16x8_bitmask(w2cl_v128 a) {
    return (uint32_t)_mm_movemask_epi8(_mm_packs_epi16(W2CL_MI(a), _mm_setzero_si128()));
}
static inline uint32_t w2cl_i32x4_bitmask(w2cl_v128 a) { return (uint32_t)_mm_movemask_ps(W2CL_MF(a)); }
static inline uint32_t w2cl_i64x2_bitmask(w2cl_v128 a) { return (uint32_t)_mm_movemask_pd(W2CL_MD(a)); }
#elif W2CL_HAS_NEON64
/* Turn each lane into its sign mask, keep bit i in lane i, add across. */
static inline uint32_t w2cl_i8x16_bitmask(w2cl_v128 a) {
    static const uint8_t bit[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
    uint8x16_t m = vandq_u8(vreinterpretq_u8_s8(vshrq_n_s8((int8x16_t)a, 7)), vld1q_u8(bit));
    return vaddv_u8(vget_low_u8(m)) | (uint32_t)vaddv_u8(vget_high_u8(m)) << 8;
}
static inline uint32_t w2cl_i16x8_bitmask(w2cl_v128 a) {
    static const uint16_t bit[8] = {1, 2, 4, 8, 16, 32, 64, 128};
    return vaddvq_u16(vandq_u16(vreinterpretq_u16_s16(vshrq_n_s16((int16x8_t)a, 15)), vld1q_u16(bit)));
}
static inline uint32_t w2cl_i32x4_bitmask(w2cl_v128 a) {
    static const uint32_t bit[4] = {1, 2, 4, 8};
    return vaddvq_u32(vandq_u32(vreinterpretq_u32_s32(vshrq_n_s32((int32x4_t)a, 31)), vld1q_u32(bit)));
}
static inline uint32_t w2cl_i64x2_bitmask(w2cl_v128 a) {
    uint64x2_t q = (uint64x2_t)a;
    return (uint32_t)(vgetq_lane_u64(q, 0) >> 63 | (vgetq_lane_u64(q, 1) >> 63) << 1);
}
#else
#define W2CL_BITMASK(name, bits)                                  \
    static inline uint32_t name(w2cl_v128 a) {                    \
        uint##bits##_t l[128 / (bits)];                           \
        uint32_t r = 0;                                           \
        int i;                                                    \
        w2cl_simd_get##bits(a, l);                                \
        for (i = 0; i < 128 / (bits); i++)                        \
            r |= (uint32_t)(l[i] >> ((bits)-1)) << i;             \
        return r;                                                 \
    }
W2CL_BITMASK(w2cl_i8x16_bitmask, 8)
W2CL_BITMASK(w2cl_i16x8_bitmask, 16)
W2CL_BITMASK(w2cl_i32x4_bitmask, 32)
W2CL_BITMASK(w2cl_i64x2_bitmask, 64)
#undef W2CL_BITMASK
#endif

/* ---- extend_low / extend_high ------------------------------------------- */
/* Vector path: interleave the half with its sign mask (signed) or with zero
   (unsigned), which is the little-endian widening of each lane. */

#if W2CL_SIMD_VECTOR
/* All ones in each negative lane. */
static inline w2cl_v128 w2cl_simd_signs8(w2cl_v128 a) { return W2CL_V((w2cl_vi8)a < (w2cl_vi8)w2cl_v128_zero()); }
static inline w2cl_v128 w2cl_simd_signs16(w2cl_v128 a) { return W2CL_V((w2cl_vi16)a < (w2cl_vi16)w2cl_v128_zero()); }
static inline w2cl_v128 w2cl_simd_signs32(w2cl_v128 a) { return W2CL_V((w2cl_vi32)a < (w2cl_vi32)w2cl_v128_zero()); }

static inline w2cl_v128 w2cl_i16x8_extend_low_i8x16_s(w2cl_v128 a) { return w2cl_simd_zip_lo8(a, w2cl_simd_signs8(a)); }
static inline w2cl_v128 w2cl_i16x8_extend_high_i8x16_s(w2cl_v128 a) { return w2cl_simd_zip_hi8(a, w2cl_simd_signs8(a)); }
static inline w2cl_v128 w2cl_i16x8_extend_low_i8x16_u(w2cl_v128 a) { return w2cl_simd_zip_lo8(a, w2cl_v128_zero()); }
static inline w2cl_v128 w2cl_i16x8_extend_high_i8x16_u(w2cl_v128 a) { return w2cl_simd_zip_hi8(a, w2cl_v128_zero()); }
static inline w2cl_v128 w2cl_i32x4_extend_low_i16x8_s(w2cl_v128 a) { return w2cl_simd_zip_lo16(a, w2cl_simd_signs16(a)); }
static inline w2cl_v128 w2cl_i32x4_extend_high_i16x8_s(w2cl_v128 a) { return w2cl_simd_zip_hi16(a, w2cl_simd_signs16(a)); }
static inline w2cl_v128 w2cl_i32x4_extend_low_i16x8_u(w2cl_v128 a) { return w2cl_simd_zip_lo16(a, w2cl_v128_zero()); }
static inline w2cl_v128 w2cl_i32x4_extend_high_i16x8_u(w2cl_v128 a) { return w2cl_simd_zip_hi16(a, w2cl_v128_zero()); }
static inline w2cl_v128 w2cl_i64x2_extend_low_i32x4_s(w2cl_v128 a) { return w2cl_simd_zip_lo32(a, w2cl_simd_signs32(a)); }
static inline w2cl_v128 w2cl_i64x2_extend_high_i32x4_s(w2cl_v128 a) { return w2cl_simd_zip_hi32(a, w2cl_simd_signs32(a)); }
static inline w2cl_v128 w2cl_i64x2_extend_low_i32x4_u(w2cl_v128 a) { return w2cl_simd_zip_lo32(a, w2cl_v128_zero()); }
static inline w2cl_v128 w2cl_i64x2_extend_high_i32x4_u(w2cl_v128 a) { return w2cl_simd_zip_hi32(a, w2cl_v128_zero()); }
#else
/* Lane i of the result is lane first+i of a, sign- or zero-extended. */
#define W2CL_EXTEND(name, nbits, wbits, first, is_signed)                                       \
    static inline w2cl_v128 name(w2cl_v128 a) {                                                 \
        uint##nbits##_t x[128 / (nbits)];                                                       \
        uint##wbits##_t r[128 / (wbits)];                                                       \
        int i;                                                                                  \
        w2cl_simd_get##nbits(a, x);                                                             \
        for (i = 0; i < 128 / (wbits); i++) {                                                   \
            uint##wbits##_t v = x[(first) + i];                                                 \
            r[i] = is_signed ? (uint##wbits##_t)((v ^ ((uint##wbits##_t)1 << ((nbits)-1))) -    \
                                                 ((uint##wbits##_t)1 << ((nbits)-1)))           \
                             : v;                                                               \
        }                                                                                       \
        return w2cl_simd_set##wbits(r);                                                         \
    }
W2CL_EXTEND(w2cl_i16x8_extend_low_i8x16_s, 8, 16, 0, 1)
W2CL_EXTEND(w2cl_i16x8_extend_high_i8x16_s, 8, 16, 8, 1)
W2CL_EXTEND(w2cl_i16x8_extend_low_i8x16_u, 8, 16, 0, 0)
W2CL_EXTEND(w2cl_i16x8_extend_high_i8x16_u, 8, 16, 8, 0)
W2CL_EXTEND(w2cl_i32x4_extend_low_i16x8_s, 16, 32, 0, 1)
W2CL_EXTEND(w2cl_i32x4_extend_high_i16x8_s, 16, 32, 4, 1)
W2CL_EXTEND(w2cl_i32x4_extend_low_i16x8_u, 16, 32, 0, 0)
W2CL_EXTEND(w2cl_i32x4_extend_high_i16x8_u, 16, 32, 4, 0)
W2CL_EXTEND(w2cl_i64x2_extend_low_i32x4_s, 32, 64, 0, 1)
W2CL_EXTEND(w2cl_i64x2_extend_high_i32x4_s, 32, 64, 2, 1)
W2CL_EXTEND(w2cl_i64x2_extend_low_i32x4_u, 32, 64, 0, 0)
W2CL_EXTEND(w2cl_i64x2_extend_high_i32x4_u, 32, 64, 2, 0)
#endif
#undef W2CL_EXTEND

/* Extending loads: 8 bytes, then extend the low half; for each kind of access. */
#define W2CL_V128_EXTEND_LOADS(SFX)                                                           \
    static inline w2cl_v128 w2cl_v128_load8x8_s##SFX(const w2cl_memory *m, uint64_t ea) {    \
        return w2cl_i16x8_extend_low_i8x16_s(w2cl_v128_load64_zero##SFX(m, ea));             \
    }                                                                                         \
    static inline w2cl_v128 w2cl_v128_load8x8_u##SFX(const w2cl_memory *m, uint64_t ea) {    \
        return w2cl_i16x8_extend_low_i8x16_u(w2cl_v128_load64_zero##SFX(m, ea));             \
    }                                                                                         \
    static inline w2cl_v128 w2cl_v128_load16x4_s##SFX(const w2cl_memory *m, uint64_t ea) {   \
        return w2cl_i32x4_extend_low_i16x8_s(w2cl_v128_load64_zero##SFX(m, ea));             \
    }                                                                                         \
    static inline w2cl_v128 w2cl_v128_load16x4_u##SFX(const w2cl_memory *m, uint64_t ea) {   \
        return w2cl_i32x4_extend_low_i16x8_u(w2cl_v128_load64_zero##SFX(m, ea));             \
    }                                                                                         \
    static inline w2cl_v128 w2cl_v128_load32x2_s##SFX(const w2cl_memory *m, uint64_t ea) {   \
        return w2cl_i64x2_extend_low_i32x4_s(w2cl_v128_load64_zero##SFX(m, ea));             \
    }                                                                                         \
    static inline w2cl_v128 w2cl_v128_load32x2_u##SFX(const w2cl_memory *m, uint64_t ea) {   \
        return w2cl_i64x2_extend_low_i32x4_u(w2cl_v128_load64_zero##SFX(m, ea));             \
    }
W2CL_V128_EXTEND_LOADS()
W2CL_V128_EXTEND_LOADS(_unchecked)
W2CL_V128_EXTEND_LOADS(_checked)

/* ---- extmul: products of extended lanes (never overflow) ----------------- */

/* i16x8 from i8x16: extend both halves, then a 16-bit multiply. */
static inline w2cl_v128 w2cl_i16x8_extmul_low_i8x16_s(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_i16x8_mul(w2cl_i16x8_extend_low_i8x16_s(a), w2cl_i16x8_extend_low_i8x16_s(b));
}
static inline w2cl_v128 w2cl_i16x8_extmul_high_i8x16_s(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_i16x8_mul(w2cl_i16x8_extend_high_i8x16_s(a), w2cl_i16x8_extend_high_i8x16_s(b));
}
static inline w2cl_v128 w2cl_i16x8_extmul_low_i8x16_u(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_i16x8_mul(w2cl_i16x8_extend_low_i8x16_u(a), w2cl_i16x8_extend_low_i8x16_u(b));
}
static inline w2cl_v128 w2cl_i16x8_extmul_high_i8x16_u(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_i16x8_mul(w2cl_i16x8_extend_high_i8x16_u(a), w2cl_i16x8_extend_high_i8x16_u(b));
}

/* i32x4 from i16x8. SSE2: the low and high 16 bits of all eight products
   (pmullw, pmulhw/pmulhuw), interleaved into 32-bit lanes. */
#if W2CL_HAS_SSE2
#define W2CL_EXTMUL16(name, mulhi, unpack)                                        \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) {                      \
        __m128i lo = _mm_mullo_epi16(W2CL_MI(a), W2CL_MI(b));                      \
        return W2CL_V(unpack(lo, mulhi(W2CL_MI(a), W2CL_MI(b))));                  \
    }
W2CL_EXTMUL16(w2cl_i32x4_extmul_low_i16x8_s, _mm_mulhi_epi16, _mm_unpacklo_epi16)
W2CL_EXTMUL16(w2cl_i32x4_extmul_high_i16x8_s, _mm_mulhi_epi16, _mm_unpackhi_epi16)
W2CL_EXTMUL16(w2cl_i32x4_extmul_low_i16x8_u, _mm_mulhi_epu16, _mm_unpacklo_epi16)
W2CL_EXTMUL16(w2cl_i32x4_extmul_high_i16x8_u, _mm_mulhi_epu16, _mm_unpackhi_epi16)
#undef W2CL_EXTMUL16
#elif W2CL_HAS_NEON64
static inline w2cl_v128 w2cl_i32x4_extmul_low_i16x8_s(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_V(vmull_s16(vget_low_s16((int16x8_t)a), vget_low_s16((int16x8_t)b)));
}
static inline w2cl_v128 w2cl_i32x4_extmul_high_i16x8_s(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_V(vmull_high_s16((int16x8_t)a, (int16x8_t)b));
}
static inline w2cl_v128 w2cl_i32x4_extmul_low_i16x8_u(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_V(vmull_u16(vget_low_u16((uint16x8_t)a), vget_low_u16((uint16x8_t)b)));
}
static inline w2cl_v128 w2cl_i32x4_extmul_high_i16x8_u(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_V(vmull_high_u16((uint16x8_t)a, (uint16x8_t)b));
}
#else
static inline w2cl_v128 w2cl_i32x4_extmul_low_i16x8_s(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_i32x4_mul(w2cl_i32x4_extend_low_i16x8_s(a), w2cl_i32x4_extend_low_i16x8_s(b));
}
static inline w2cl_v128 w2cl_i32x4_extmul_high_i16x8_s(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_i32x4_mul(w2cl_i32x4_extend_high_i16x8_s(a), w2cl_i32x4_extend_high_i16x8_s(b));
}
static inline w2cl_v128 w2cl_i32x4_extmul_low_i16x8_u(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_i32x4_mul(w2cl_i32x4_extend_low_i16x8_u(a), w2cl_i32x4_extend_low_i16x8_u(b));
}
static inline w2cl_v128 w2cl_i32x4_extmul_high_i16x8_u(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_i32x4_mul(w2cl_i32x4_extend_high_i16x8_u(a), w2cl_i32x4_extend_high_i16x8_u(b));
}
#endif

/* i64x2 from i32x4. SSE2: pmuludq multiplies lanes 0 and 2, so move the
   wanted lanes there first (shuffle control 0x50: lanes 0,1 -> 0,2; 0xfa:
   lanes 2,3 -> 0,2). The signed product is the unsigned one minus
   2^32 * (a < 0 ? b : 0) + (b < 0 ? a : 0); SSE4.1 has pmuldq. */
#if W2CL_HAS_SSE2
static inline w2cl_v128 w2cl_simd_mul32x2_u(__m128i a, __m128i b) { return W2CL_V(_mm_mul_epu32(a, b)); }
static inline w2cl_v128 w2cl_simd_mul32x2_s(__m128i a, __m128i b) {
#if W2CL_HAS_SSE41
    return W2CL_V(_mm_mul_epi32(a, b));
#else
    __m128i fix = _mm_add_epi32(_mm_and_si128(_mm_srai_epi32(a, 31), b), _mm_and_si128(_mm_srai_epi32(b, 31), a));
    return W2CL_V(_mm_sub_epi64(_mm_mul_epu32(a, b), _mm_slli_epi64(fix, 32)));
#endif
}
#define W2CL_EXTMUL32(name, mul, ctl) \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) { \
        return mul(_mm_shuffle_epi32(W2CL_MI(a), ctl), _mm_shuffle_epi32(W2CL_MI(b), ctl)); \
    }
W2CL_EXTMUL32(w2cl_i64x2_extmul_low_i32x4_s, w2cl_simd_mul32x2_s, 0x50)
W2CL_EXTMUL32(w2cl_i64x2_extmul_high_i32x4_s, w2cl_simd_mul32x2_s, 0xfa)
W2CL_EXTMUL32(w2cl_i64x2_extmul_low_i32x4_u, w2cl_simd_mul32x2_u, 0x50)
W2CL_EXTMUL32(w2cl_i64x2_extmul_high_i32x4_u, w2cl_simd_mul32x2_u, 0xfa)
#undef W2CL_EXTMUL32
#elif W2CL_HAS_NEON64
static inline w2cl_v128 w2cl_i64x2_extmul_low_i32x4_s(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_V(vmull_s32(vget_low_s32((int32x4_t)a), vget_low_s32((int32x4_t)b)));
}
static inline w2cl_v128 w2cl_i64x2_extmul_high_i32x4_s(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_V(vmull_high_s32((int32x4_t)a, (int32x4_t)b));
}
static inline w2cl_v128 w2cl_i64x2_extmul_low_i32x4_u(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_V(vmull_u32(vget_low_u32((uint32x4_t)a), vget_low_u32((uint32x4_t)b)));
}
static inline w2cl_v128 w2cl_i64x2_extmul_high_i32x4_u(w2cl_v128 a, w2cl_v128 b) {
    return W2CL_V(vmull_high_u32((uint32x4_t)a, (uint32x4_t)b));
}
#else
static inline w2cl_v128 w2cl_i64x2_extmul_low_i32x4_s(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_i64x2_mul(w2cl_i64x2_extend_low_i32x4_s(a), w2cl_i64x2_extend_low_i32x4_s(b));
}
static inline w2cl_v128 w2cl_i64x2_extmul_high_i32x4_s(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_i64x2_mul(w2cl_i64x2_extend_high_i32x4_s(a), w2cl_i64x2_extend_high_i32x4_s(b));
}
static inline w2cl_v128 w2cl_i64x2_extmul_low_i32x4_u(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_i64x2_mul(w2cl_i64x2_extend_low_i32x4_u(a), w2cl_i64x2_extend_low_i32x4_u(b));
}
static inline w2cl_v128 w2cl_i64x2_extmul_high_i32x4_u(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_i64x2_mul(w2cl_i64x2_extend_high_i32x4_u(a), w2cl_i64x2_extend_high_i32x4_u(b));
}
#endif

/* ---- extadd_pairwise: lane i = a[2i] + a[2i+1], extended ----------------- */

#if W2CL_SIMD_VECTOR
/* Generic vector form: viewing the input as wide lanes, the even lane is
   the low half (shift up and back down) and the odd lane the high half. */
static inline w2cl_v128 w2cl_simd_pairs8_s(w2cl_v128 a) {
    w2cl_vi16 even = (w2cl_vi16)((w2cl_vu16)a << 8) >> 8, odd = (w2cl_vi16)a >> 8;
    return W2CL_V((w2cl_vu16)even + (w2cl_vu16)odd);
}
static inline w2cl_v128 w2cl_simd_pairs8_u(w2cl_v128 a) {
    return W2CL_V(((w2cl_vu16)a & 0xff) + ((w2cl_vu16)a >> 8));
}
static inline w2cl_v128 w2cl_simd_pairs16_s(w2cl_v128 a) {
    w2cl_vi32 even = (w2cl_vi32)((w2cl_vu32)a << 16) >> 16, odd = (w2cl_vi32)a >> 16;
    return W2CL_V((w2cl_vu32)even + (w2cl_vu32)odd);
}
static inline w2cl_v128 w2cl_simd_pairs16_u(w2cl_v128 a) {
    return W2CL_V(((w2cl_vu32)a & 0xffff) + ((w2cl_vu32)a >> 16));
}
#endif

static inline w2cl_v128 w2cl_i16x8_extadd_pairwise_i8x16_s(w2cl_v128 a) {
#if W2CL_HAS_SSSE3
    /* pmaddubsw: 1 (as u8) * a (as s8), pairs added; no saturation possible. */
    return W2CL_V(_mm_maddubs_epi16(_mm_set1_epi8(1), W2CL_MI(a)));
#elif W2CL_HAS_NEON64
    return W2CL_V(vpaddlq_s8((int8x16_t)a));
#elif W2CL_SIMD_VECTOR
    return w2cl_simd_pairs8_s(a);
#else
    uint8_t x[16];
    uint16_t r[8];
    int i;
    w2cl_simd_get8(a, x);
    for (i = 0; i < 8; i++)
        r[i] = (uint16_t)(w2cl_simd_s8(x[2 * i]) + w2cl_simd_s8(x[2 * i + 1]));
    return w2cl_simd_set16(r);
#endif
}
static inline w2cl_v128 w2cl_i16x8_extadd_pairwise_i8x16_u(w2cl_v128 a) {
#if W2CL_HAS_SSSE3
    return W2CL_V(_mm_maddubs_epi16(W2CL_MI(a), _mm_set1_epi8(1)));
#elif W2CL_HAS_NEON64
    return W2CL_V(vpaddlq_u8((uint8x16_t)a));
#elif W2CL_SIMD_VECTOR
    return w2cl_simd_pairs8_u(a);
#else
    uint8_t x[16];
    uint16_t r[8];
    int i;
    w2cl_simd_get8(a, x);
    for (i = 0; i < 8; i++)
        r[i] = (uint16_t)(x[2 * i] + x[2 * i + 1]);
    return w2cl_simd_set16(r);
#endif
}
static inline w2cl_v128 w2cl_i32x4_extadd_pairwise_i16x8_s(w2cl_v128 a) {
#if W2CL_HAS_SSE2
    return W2CL_V(_mm_madd_epi16(W2CL_MI(a), _mm_set1_epi16(1))); /* pmaddwd by 1 */
#elif W2CL_HAS_NEON64
    return W2CL_V(vpaddlq_s16((int16x8_t)a));
#elif W2CL_SIMD_VECTOR
    return w2cl_simd_pairs16_s(a);
#else
    uint16_t x[8];
    uint32_t r[4];
    int i;
    w2cl_simd_get16(a, x);
    for (i = 0; i < 4; i++)
        r[i] = (uint32_t)(w2cl_simd_s16(x[2 * i]) + w2cl_simd_s16(x[2 * i + 1]));
    return w2cl_simd_set32(r);
#endif
}
static inline w2cl_v128 w2cl_i32x4_extadd_pairwise_i16x8_u(w2cl_v128 a) {
#if W2CL_HAS_SSE2
    /* pmaddwd is signed: bias each lane by -0x8000 and add 0x10000 back. */
    __m128i biased = _mm_xor_si128(W2CL_MI(a), _mm_set1_epi16(-0x8000));
    return W2CL_V(_mm_add_epi32(_mm_madd_epi16(biased, _mm_set1_epi16(1)), _mm_set1_epi32(0x10000)));
#elif W2CL_HAS_NEON64
    return W2CL_V(vpaddlq_u16((uint16x8_t)a));
#elif W2CL_SIMD_VECTOR
    return w2cl_simd_pairs16_u(a);
#else
    uint16_t x[8];
    uint32_t r[4];
    int i;
    w2cl_simd_get16(a, x);
    for (i = 0; i < 4; i++)
        r[i] = (uint32_t)x[2 * i] + x[2 * i + 1];
    return w2cl_simd_set32(r);
#endif
}

/* ---- dot: lane i = a[2i]*b[2i] + a[2i+1]*b[2i+1], wrapping --------------- */
/* Only (-32768)^2 * 2 overflows; it wraps to INT_MIN, as pmaddwd does. */

static inline w2cl_v128 w2cl_i32x4_dot_i16x8_s(w2cl_v128 a, w2cl_v128 b) {
#if W2CL_HAS_SSE2
    return W2CL_V(_mm_madd_epi16(W2CL_MI(a), W2CL_MI(b)));
#elif W2CL_HAS_NEON64
    int32x4_t lo = vmull_s16(vget_low_s16((int16x8_t)a), vget_low_s16((int16x8_t)b));
    int32x4_t hi = vmull_high_s16((int16x8_t)a, (int16x8_t)b);
    return W2CL_V(vpaddq_s32(lo, hi));
#elif W2CL_SIMD_VECTOR
    w2cl_vi32 ea = (w2cl_vi32)((w2cl_vu32)a << 16) >> 16, oa = (w2cl_vi32)a >> 16;
    w2cl_vi32 eb = (w2cl_vi32)((w2cl_vu32)b << 16) >> 16, ob = (w2cl_vi32)b >> 16;
    return W2CL_V((w2cl_vu32)(ea * eb) + (w2cl_vu32)(oa * ob));
#else
    uint16_t x[8], y[8];
    uint32_t r[4];
    int i;
    w2cl_simd_get16(a, x);
    w2cl_simd_get16(b, y);
    for (i = 0; i < 4; i++)
        r[i] = (uint32_t)(w2cl_simd_s16(x[2 * i]) * w2cl_simd_s16(y[2 * i])) +
               (uint32_t)(w2cl_simd_s16(x[2 * i + 1]) * w2cl_simd_s16(y[2 * i + 1]));
    return w2cl_simd_set32(r);
#endif
}

/* ---- narrow: signed lanes saturated to the narrower signed/unsigned range */
/* a's lanes form the low half of the result, b's the high half. */

#define W2CL_NARROW_LOOP(nbits, wbits, lo, hi, sx)                                 \
    do {                                                                           \
        uint##wbits##_t x[128 / (wbits)], y[128 / (wbits)];                        \
        uint##nbits##_t r[128 / (nbits)];                                          \
        int i;                                                                     \
        w2cl_simd_get##wbits(a, x);                                                \
        w2cl_simd_get##wbits(b, y);                                                \
        for (i = 0; i < 128 / (wbits); i++) {                                      \
            r[i] = (uint##nbits##_t)w2cl_simd_clamp(sx(x[i]), lo, hi);             \
            r[i + 128 / (wbits)] = (uint##nbits##_t)w2cl_simd_clamp(sx(y[i]), lo, hi); \
        }                                                                          \
        return w2cl_simd_set##nbits(r);                                            \
    } while (0)

static inline w2cl_v128 w2cl_i8x16_narrow_i16x8_s(w2cl_v128 a, w2cl_v128 b) {
#if W2CL_HAS_SSE2
    return W2CL_V(_mm_packs_epi16(W2CL_MI(a), W2CL_MI(b)));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcombine_s8(vqmovn_s16((int16x8_t)a), vqmovn_s16((int16x8_t)b)));
#else
    W2CL_NARROW_LOOP(8, 16, -128, 127, w2cl_simd_s16);
#endif
}
static inline w2cl_v128 w2cl_i8x16_narrow_i16x8_u(w2cl_v128 a, w2cl_v128 b) {
#if W2CL_HAS_SSE2
    return W2CL_V(_mm_packus_epi16(W2CL_MI(a), W2CL_MI(b)));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcombine_u8(vqmovun_s16((int16x8_t)a), vqmovun_s16((int16x8_t)b)));
#else
    W2CL_NARROW_LOOP(8, 16, 0, 255, w2cl_simd_s16);
#endif
}
static inline w2cl_v128 w2cl_i16x8_narrow_i32x4_s(w2cl_v128 a, w2cl_v128 b) {
#if W2CL_HAS_SSE2
    return W2CL_V(_mm_packs_epi32(W2CL_MI(a), W2CL_MI(b)));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcombine_s16(vqmovn_s32((int32x4_t)a), vqmovn_s32((int32x4_t)b)));
#else
    W2CL_NARROW_LOOP(16, 32, -32768, 32767, w2cl_s32);
#endif
}

#if W2CL_HAS_SSE2 && !W2CL_HAS_SSE41
/* packusdw is SSE4.1. Clamp to [0, 65535] (values above become -1, whose
   low half is 0xffff), sign-extend the low 16 bits so that packssdw passes
   them through unchanged. */
static inline __m128i w2cl_simd_clamp_u16(__m128i x) {
    x = _mm_and_si128(x, _mm_cmpgt_epi32(x, _mm_setzero_si128()));
    x = _mm_or_si128(x, _mm_cmpgt_epi32(x, _mm_set1_epi32(0xffff)));
    return _mm_srai_epi32(_mm_slli_epi32(x, 16), 16);
}
#endif
static inline w2cl_v128 w2cl_i16x8_narrow_i32x4_u(w2cl_v128 a, w2cl_v128 b) {
#if W2CL_HAS_SSE41
    return W2CL_V(_mm_packus_epi32(W2CL_MI(a), W2CL_MI(b)));
#elif W2CL_HAS_SSE2
    return W2CL_V(_mm_packs_epi32(w2cl_simd_clamp_u16(W2CL_MI(a)), w2cl_simd_clamp_u16(W2CL_MI(b))));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcombine_u16(vqmovun_s32((int32x4_t)a), vqmovun_s32((int32x4_t)b)));
#else
    W2CL_NARROW_LOOP(16, 32, 0, 65535, w2cl_s32);
#endif
}
#undef W2CL_NARROW_LOOP

/* ---- Float comparisons -------------------------------------------------- */
/* C's ordered comparisons already give wasm's NaN behaviour: everything is
   false except ne. */

#if W2CL_SIMD_VECTOR
#define W2CL_FCMP(name, bits, op) \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) { return W2CL_V((w2cl_vf##bits)a op (w2cl_vf##bits)b); }
#else
#define W2CL_FCMP(name, bits, op)                                           \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) {               \
        W2CL_FLOAT##bits x[128 / (bits)], y[128 / (bits)];                 \
        uint##bits##_t r[128 / (bits)];                                    \
        int i;                                                             \
        w2cl_simd_getf##bits(a, x);                                        \
        w2cl_simd_getf##bits(b, y);                                        \
        for (i = 0; i < 128 / (bits); i++)                                 \
            r[i] = x[i] op y[i] ? (uint##bits##_t)-1 : 0;                  \
        return w2cl_simd_set##bits(r);                                     \
    }
#endif
#define W2CL_FLOAT32 float
#define W2CL_FLOAT64 double
W2CL_FCMP(w2cl_f32x4_eq, 32, ==)
W2CL_FCMP(w2cl_f32x4_ne, 32, !=)
W2CL_FCMP(w2cl_f32x4_lt, 32, <)
W2CL_FCMP(w2cl_f32x4_gt, 32, >)
W2CL_FCMP(w2cl_f32x4_le, 32, <=)
W2CL_FCMP(w2cl_f32x4_ge, 32, >=)
W2CL_FCMP(w2cl_f64x2_eq, 64, ==)
W2CL_FCMP(w2cl_f64x2_ne, 64, !=)
W2CL_FCMP(w2cl_f64x2_lt, 64, <)
W2CL_FCMP(w2cl_f64x2_gt, 64, >)
W2CL_FCMP(w2cl_f64x2_le, 64, <=)
W2CL_FCMP(w2cl_f64x2_ge, 64, >=)
#undef W2CL_FCMP

/* ---- Float arithmetic --------------------------------------------------- */
/* IEEE operations: a NaN result is a quiet NaN from the hardware. */

#if W2CL_SIMD_VECTOR
#define W2CL_FBIN(name, bits, op) \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) { return W2CL_V((w2cl_vf##bits)a op (w2cl_vf##bits)b); }
#else
#define W2CL_FBIN(name, bits, op) \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) { W2CL_LANESF2(bits, W2CL_FLOAT##bits, a, b, x op y); }
#endif
W2CL_FBIN(w2cl_f32x4_add, 32, +)
W2CL_FBIN(w2cl_f32x4_sub, 32, -)
W2CL_FBIN(w2cl_f32x4_mul, 32, *)
W2CL_FBIN(w2cl_f32x4_div, 32, /)
W2CL_FBIN(w2cl_f64x2_add, 64, +)
W2CL_FBIN(w2cl_f64x2_sub, 64, -)
W2CL_FBIN(w2cl_f64x2_mul, 64, *)
W2CL_FBIN(w2cl_f64x2_div, 64, /)
#undef W2CL_FBIN

/* abs and neg only touch the sign bit (NaN payloads survive), so they are
   integer operations, never a trip through a float register. */
#if W2CL_SIMD_VECTOR
static inline w2cl_v128 w2cl_f32x4_abs(w2cl_v128 a) { return W2CL_V((w2cl_vu32)a & 0x7fffffffu); }
static inline w2cl_v128 w2cl_f32x4_neg(w2cl_v128 a) { return W2CL_V((w2cl_vu32)a ^ 0x80000000u); }
static inline w2cl_v128 w2cl_f64x2_abs(w2cl_v128 a) { return W2CL_V((w2cl_vu64)a & UINT64_C(0x7fffffffffffffff)); }
static inline w2cl_v128 w2cl_f64x2_neg(w2cl_v128 a) { return W2CL_V((w2cl_vu64)a ^ UINT64_C(0x8000000000000000)); }
#else
static inline w2cl_v128 w2cl_f32x4_abs(w2cl_v128 a) { W2CL_LANES1(32, uint32_t, a, x & 0x7fffffffu); }
static inline w2cl_v128 w2cl_f32x4_neg(w2cl_v128 a) { W2CL_LANES1(32, uint32_t, a, x ^ 0x80000000u); }
static inline w2cl_v128 w2cl_f64x2_abs(w2cl_v128 a) { W2CL_LANES1(64, uint64_t, a, x & UINT64_C(0x7fffffffffffffff)); }
static inline w2cl_v128 w2cl_f64x2_neg(w2cl_v128 a) { W2CL_LANES1(64, uint64_t, a, x ^ UINT64_C(0x8000000000000000)); }
#endif

static inline w2cl_v128 w2cl_f32x4_sqrt(w2cl_v128 a) {
#if W2CL_HAS_SSE2
    return W2CL_V(_mm_sqrt_ps(W2CL_MF(a)));
#elif W2CL_HAS_NEON64
    return W2CL_V(vsqrtq_f32((float32x4_t)a));
#else
    W2CL_LANESF1(32, float, a, w2cl_f32_sqrt(x));
#endif
}
static inline w2cl_v128 w2cl_f64x2_sqrt(w2cl_v128 a) {
#if W2CL_HAS_SSE2
    return W2CL_V(_mm_sqrt_pd(W2CL_MD(a)));
#elif W2CL_HAS_NEON64
    return W2CL_V(vsqrtq_f64((float64x2_t)a));
#else
    W2CL_LANESF1(64, double, a, w2cl_f64_sqrt(x));
#endif
}

/* min/max: a NaN operand gives a NaN, and -0 < +0.
   SSE minps/maxps return their second operand on NaN or equal inputs, so:
   combine both operand orders (OR picks -0 for min, AND +0 for max; the
   two agree otherwise), then put a + b (a quiet NaN) in unordered lanes.
   AArch64 fmin/fmax implement the wasm rules directly. */
#if W2CL_HAS_SSE2
static inline w2cl_v128 w2cl_f32x4_min(w2cl_v128 a, w2cl_v128 b) {
    __m128 x = W2CL_MF(a), y = W2CL_MF(b);
    __m128 m = _mm_or_ps(_mm_min_ps(x, y), _mm_min_ps(y, x));
    __m128 nan = _mm_cmpunord_ps(x, y);
    return W2CL_V(_mm_or_ps(_mm_andnot_ps(nan, m), _mm_and_ps(nan, _mm_add_ps(x, y))));
}
static inline w2cl_v128 w2cl_f32x4_max(w2cl_v128 a, w2cl_v128 b) {
    __m128 x = W2CL_MF(a), y = W2CL_MF(b);
    __m128 m = _mm_and_ps(_mm_max_ps(x, y), _mm_max_ps(y, x));
    __m128 nan = _mm_cmpunord_ps(x, y);
    return W2CL_V(_mm_or_ps(_mm_andnot_ps(nan, m), _mm_and_ps(nan, _mm_add_ps(x, y))));
}
static inline w2cl_v128 w2cl_f64x2_min(w2cl_v128 a, w2cl_v128 b) {
    __m128d x = W2CL_MD(a), y = W2CL_MD(b);
    __m128d m = _mm_or_pd(_mm_min_pd(x, y), _mm_min_pd(y, x));
    __m128d nan = _mm_cmpunord_pd(x, y);
    return W2CL_V(_mm_or_pd(_mm_andnot_pd(nan, m), _mm_and_pd(nan, _mm_add_pd(x, y))));
}
static inline w2cl_v128 w2cl_f64x2_max(w2cl_v128 a, w2cl_v128 b) {
    __m128d x = W2CL_MD(a), y = W2CL_MD(b);
    __m128d m = _mm_and_pd(_mm_max_pd(x, y), _mm_max_pd(y, x));
    __m128d nan = _mm_cmpunord_pd(x, y);
    return W2CL_V(_mm_or_pd(_mm_andnot_pd(nan, m), _mm_and_pd(nan, _mm_add_pd(x, y))));
}
#elif W2CL_HAS_NEON64
static inline w2cl_v128 w2cl_f32x4_min(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(vminq_f32((float32x4_t)a, (float32x4_t)b)); }
static inline w2cl_v128 w2cl_f32x4_max(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(vmaxq_f32((float32x4_t)a, (float32x4_t)b)); }
static inline w2cl_v128 w2cl_f64x2_min(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(vminq_f64((float64x2_t)a, (float64x2_t)b)); }
static inline w2cl_v128 w2cl_f64x2_max(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(vmaxq_f64((float64x2_t)a, (float64x2_t)b)); }
#else
static inline w2cl_v128 w2cl_f32x4_min(w2cl_v128 a, w2cl_v128 b) { W2CL_LANESF2(32, float, a, b, w2cl_f32_min(x, y)); }
static inline w2cl_v128 w2cl_f32x4_max(w2cl_v128 a, w2cl_v128 b) { W2CL_LANESF2(32, float, a, b, w2cl_f32_max(x, y)); }
static inline w2cl_v128 w2cl_f64x2_min(w2cl_v128 a, w2cl_v128 b) { W2CL_LANESF2(64, double, a, b, w2cl_f64_min(x, y)); }
static inline w2cl_v128 w2cl_f64x2_max(w2cl_v128 a, w2cl_v128 b) { W2CL_LANESF2(64, double, a, b, w2cl_f64_max(x, y)); }
#endif

/* pmin = b < a ? b : a, pmax = a < b ? b : a: plain selects that return an
   operand's exact bits (a, when either is NaN). minps(b, a) is exactly pmin. */
#if W2CL_HAS_SSE2
static inline w2cl_v128 w2cl_f32x4_pmin(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(_mm_min_ps(W2CL_MF(b), W2CL_MF(a))); }
static inline w2cl_v128 w2cl_f32x4_pmax(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(_mm_max_ps(W2CL_MF(b), W2CL_MF(a))); }
static inline w2cl_v128 w2cl_f64x2_pmin(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(_mm_min_pd(W2CL_MD(b), W2CL_MD(a))); }
static inline w2cl_v128 w2cl_f64x2_pmax(w2cl_v128 a, w2cl_v128 b) { return W2CL_V(_mm_max_pd(W2CL_MD(b), W2CL_MD(a))); }
#elif W2CL_SIMD_VECTOR
static inline w2cl_v128 w2cl_f32x4_pmin(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_simd_select(W2CL_V((w2cl_vf32)b < (w2cl_vf32)a), b, a);
}
static inline w2cl_v128 w2cl_f32x4_pmax(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_simd_select(W2CL_V((w2cl_vf32)a < (w2cl_vf32)b), b, a);
}
static inline w2cl_v128 w2cl_f64x2_pmin(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_simd_select(W2CL_V((w2cl_vf64)b < (w2cl_vf64)a), b, a);
}
static inline w2cl_v128 w2cl_f64x2_pmax(w2cl_v128 a, w2cl_v128 b) {
    return w2cl_simd_select(W2CL_V((w2cl_vf64)a < (w2cl_vf64)b), b, a);
}
#else
/* Selected on the integer lanes, so the chosen operand's bits are kept. */
#define W2CL_PMINMAX(name, bits, lt_first)                                 \
    static inline w2cl_v128 name(w2cl_v128 a, w2cl_v128 b) {               \
        W2CL_FLOAT##bits x[128 / (bits)], y[128 / (bits)];                 \
        uint##bits##_t ia[128 / (bits)], ib[128 / (bits)];                 \
        int i;                                                             \
        w2cl_simd_getf##bits(a, x);                                        \
        w2cl_simd_getf##bits(b, y);                                        \
        w2cl_simd_get##bits(a, ia);                                        \
        w2cl_simd_get##bits(b, ib);                                        \
        for (i = 0; i < 128 / (bits); i++)                                 \
            if (lt_first ? y[i] < x[i] : x[i] < y[i])                      \
                ia[i] = ib[i];                                             \
        return w2cl_simd_set##bits(ia);                                    \
    }
W2CL_PMINMAX(w2cl_f32x4_pmin, 32, 1)
W2CL_PMINMAX(w2cl_f32x4_pmax, 32, 0)
W2CL_PMINMAX(w2cl_f64x2_pmin, 64, 1)
W2CL_PMINMAX(w2cl_f64x2_pmax, 64, 0)
#undef W2CL_PMINMAX
#endif

/* ceil, floor, trunc, nearest (ties to even). roundps (SSE4.1) and
   AArch64 frintp/m/z/n do one vector; otherwise the scalar helpers, which
   also quiet a NaN that libm passes through. */
#if W2CL_HAS_SSE41
#define W2CL_FROUND(name32, name64, mode, neon32, neon64, scalar32, scalar64)                       \
    static inline w2cl_v128 name32(w2cl_v128 a) {                                                  \
        return W2CL_V(_mm_round_ps(W2CL_MF(a), (mode) | _MM_FROUND_NO_EXC));                       \
    }                                                                                              \
    static inline w2cl_v128 name64(w2cl_v128 a) {                                                  \
        return W2CL_V(_mm_round_pd(W2CL_MD(a), (mode) | _MM_FROUND_NO_EXC));                       \
    }
#elif W2CL_HAS_NEON64
#define W2CL_FROUND(name32, name64, mode, neon32, neon64, scalar32, scalar64)                       \
    static inline w2cl_v128 name32(w2cl_v128 a) { return W2CL_V(neon32((float32x4_t)a)); }         \
    static inline w2cl_v128 name64(w2cl_v128 a) { return W2CL_V(neon64((float64x2_t)a)); }
#else
#define W2CL_FROUND(name32, name64, mode, neon32, neon64, scalar32, scalar64)                       \
    static inline w2cl_v128 name32(w2cl_v128 a) { W2CL_LANESF1(32, float, a, scalar32(x)); }        \
    static inline w2cl_v128 name64(w2cl_v128 a) { W2CL_LANESF1(64, double, a, scalar64(x)); }
#endif
W2CL_FROUND(w2cl_f32x4_ceil, w2cl_f64x2_ceil, _MM_FROUND_TO_POS_INF, vrndpq_f32, vrndpq_f64, w2cl_f32_ceil,
            w2cl_f64_ceil)
W2CL_FROUND(w2cl_f32x4_floor, w2cl_f64x2_floor, _MM_FROUND_TO_NEG_INF, vrndmq_f32, vrndmq_f64, w2cl_f32_floor,
            w2cl_f64_floor)
W2CL_FROUND(w2cl_f32x4_trunc, w2cl_f64x2_trunc, _MM_FROUND_TO_ZERO, vrndq_f32, vrndq_f64, w2cl_f32_trunc,
            w2cl_f64_trunc)
W2CL_FROUND(w2cl_f32x4_nearest, w2cl_f64x2_nearest, _MM_FROUND_TO_NEAREST_INT, vrndnq_f32, vrndnq_f64,
            w2cl_f32_nearest, w2cl_f64_nearest)
#undef W2CL_FROUND

/* ---- Conversions -------------------------------------------------------- */

/* i32 -> f32, rounded to nearest. */
static inline w2cl_v128 w2cl_f32x4_convert_i32x4_s(w2cl_v128 a) {
#if W2CL_HAS_SSE2
    return W2CL_V(_mm_cvtepi32_ps(W2CL_MI(a)));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcvtq_f32_s32((int32x4_t)a));
#else
    float r[4];
    uint32_t x[4];
    int i;
    w2cl_simd_get32(a, x);
    for (i = 0; i < 4; i++)
        r[i] = w2cl_f32_convert_i32_s(x[i]);
    return w2cl_simd_setf32(r);
#endif
}
static inline w2cl_v128 w2cl_f32x4_convert_i32x4_u(w2cl_v128 a) {
#if W2CL_HAS_SSE2
    /* cvtdq2ps is signed. Both 16-bit halves convert exactly, and
       hi * 65536 is exact too, so the one addition is the only rounding. */
    __m128 hi = _mm_cvtepi32_ps(_mm_srli_epi32(W2CL_MI(a), 16));
    __m128 lo = _mm_cvtepi32_ps(_mm_and_si128(W2CL_MI(a), _mm_set1_epi32(0xffff)));
    return W2CL_V(_mm_add_ps(_mm_mul_ps(hi, _mm_set1_ps(65536.0f)), lo));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcvtq_f32_u32((uint32x4_t)a));
#else
    float r[4];
    uint32_t x[4];
    int i;
    w2cl_simd_get32(a, x);
    for (i = 0; i < 4; i++)
        r[i] = w2cl_f32_convert_i32_u(x[i]);
    return w2cl_simd_setf32(r);
#endif
}

/* Saturating truncation: NaN -> 0, out of range -> the nearest bound. */
static inline w2cl_v128 w2cl_i32x4_trunc_sat_f32x4_s(w2cl_v128 a) {
#if W2CL_HAS_SSE2
    /* cvttps2dq gives 0x80000000 for NaN and out of range: zero the NaN
       lanes first, and flip the lanes >= 2^31 to 0x7fffffff. */
    __m128 x = W2CL_MF(a);
    __m128i r = _mm_cvttps_epi32(_mm_and_ps(x, _mm_cmpord_ps(x, x)));
    return W2CL_V(_mm_xor_si128(r, _mm_castps_si128(_mm_cmpge_ps(x, _mm_set1_ps(2147483648.0f)))));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcvtq_s32_f32((float32x4_t)a)); /* fcvtzs saturates, NaN -> 0 */
#else
    float x[4];
    uint32_t r[4];
    int i;
    w2cl_simd_getf32(a, x);
    for (i = 0; i < 4; i++)
        r[i] = w2cl_i32_trunc_sat_f32_s(x[i]);
    return w2cl_simd_set32(r);
#endif
}
static inline w2cl_v128 w2cl_i32x4_trunc_sat_f32x4_u(w2cl_v128 a) {
#if W2CL_HAS_SSE2
    /* max(x, 0) also maps NaN to 0 (maxps returns its second operand).
       Lanes >= 2^31 convert x - 2^31 and get 2^31 back in the top bit;
       lanes >= 2^32 saturate to all ones. */
    __m128 x = _mm_max_ps(W2CL_MF(a), _mm_setzero_ps());
    __m128 two31 = _mm_set1_ps(2147483648.0f);
    __m128 big = _mm_cmpge_ps(x, two31);
    __m128i r = _mm_cvttps_epi32(_mm_sub_ps(x, _mm_and_ps(big, two31)));
    r = _mm_xor_si128(r, _mm_slli_epi32(_mm_castps_si128(big), 31));
    return W2CL_V(_mm_or_si128(r, _mm_castps_si128(_mm_cmpge_ps(x, _mm_set1_ps(4294967296.0f)))));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcvtq_u32_f32((float32x4_t)a)); /* fcvtzu saturates, NaN -> 0 */
#else
    float x[4];
    uint32_t r[4];
    int i;
    w2cl_simd_getf32(a, x);
    for (i = 0; i < 4; i++)
        r[i] = w2cl_i32_trunc_sat_f32_u(x[i]);
    return w2cl_simd_set32(r);
#endif
}

/* f64x2 -> the two low i32 lanes; the high lanes are 0. */
static inline w2cl_v128 w2cl_i32x4_trunc_sat_f64x2_s_zero(w2cl_v128 a) {
#if W2CL_HAS_SSE2
    /* As for f32x4 above; cvttpd2dq zeroes the upper lanes, and the
       overflow mask is narrowed to the two low lanes (upper ones cleared). */
    __m128d x = W2CL_MD(a);
    __m128i r = _mm_cvttpd_epi32(_mm_and_pd(x, _mm_cmpord_pd(x, x)));
    __m128i big = _mm_castpd_si128(_mm_cmpge_pd(x, _mm_set1_pd(2147483648.0)));
    return W2CL_V(_mm_xor_si128(r, _mm_move_epi64(_mm_shuffle_epi32(big, 0x08))));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcombine_s32(vqmovn_s64(vcvtq_s64_f64((float64x2_t)a)), vdup_n_s32(0)));
#else
    double x[2];
    uint32_t r[4];
    w2cl_simd_getf64(a, x);
    r[0] = w2cl_i32_trunc_sat_f64_s(x[0]);
    r[1] = w2cl_i32_trunc_sat_f64_s(x[1]);
    r[2] = r[3] = 0;
    return w2cl_simd_set32(r);
#endif
}
static inline w2cl_v128 w2cl_i32x4_trunc_sat_f64x2_u_zero(w2cl_v128 a) {
#if W2CL_HAS_NEON64
    return W2CL_V(vcombine_u32(vqmovn_u64(vcvtq_u64_f64((float64x2_t)a)), vdup_n_u32(0)));
#else
    /* Two lanes: the scalar conversion is as good as anything on SSE2. */
    double x[2];
    uint32_t r[4];
    w2cl_simd_getf64(a, x);
    r[0] = w2cl_i32_trunc_sat_f64_u(x[0]);
    r[1] = w2cl_i32_trunc_sat_f64_u(x[1]);
    r[2] = r[3] = 0;
    return w2cl_simd_set32(r);
#endif
}

/* The two low i32 lanes -> f64 (always exact). */
static inline w2cl_v128 w2cl_f64x2_convert_low_i32x4_s(w2cl_v128 a) {
#if W2CL_HAS_SSE2
    return W2CL_V(_mm_cvtepi32_pd(W2CL_MI(a)));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcvtq_f64_s64(vmovl_s32(vget_low_s32((int32x4_t)a))));
#else
    uint32_t x[4];
    double r[2];
    w2cl_simd_get32(a, x);
    r[0] = w2cl_f64_convert_i32_s(x[0]);
    r[1] = w2cl_f64_convert_i32_s(x[1]);
    return w2cl_simd_setf64(r);
#endif
}
static inline w2cl_v128 w2cl_f64x2_convert_low_i32x4_u(w2cl_v128 a) {
#if W2CL_HAS_SSE2
    /* Put u into the low mantissa bits of 2^52, then subtract 2^52. */
    __m128d k = _mm_set1_pd(4503599627370496.0);
    __m128i wide = _mm_unpacklo_epi32(W2CL_MI(a), _mm_setzero_si128());
    return W2CL_V(_mm_sub_pd(_mm_or_pd(_mm_castsi128_pd(wide), k), k));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcvtq_f64_u64(vmovl_u32(vget_low_u32((uint32x4_t)a))));
#else
    uint32_t x[4];
    double r[2];
    w2cl_simd_get32(a, x);
    r[0] = w2cl_f64_convert_i32_u(x[0]);
    r[1] = w2cl_f64_convert_i32_u(x[1]);
    return w2cl_simd_setf64(r);
#endif
}

/* f64x2 -> the two low f32 lanes (rounded to nearest), high lanes 0. */
static inline w2cl_v128 w2cl_f32x4_demote_f64x2_zero(w2cl_v128 a) {
#if W2CL_HAS_SSE2
    return W2CL_V(_mm_cvtpd_ps(W2CL_MD(a)));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcombine_f32(vcvt_f32_f64((float64x2_t)a), vdup_n_f32(0.0f)));
#else
    double x[2];
    float r[4];
    w2cl_simd_getf64(a, x);
    r[0] = w2cl_f32_demote_f64(x[0]);
    r[1] = w2cl_f32_demote_f64(x[1]);
    r[2] = r[3] = 0.0f;
    return w2cl_simd_setf32(r);
#endif
}
/* The two low f32 lanes -> f64 (exact). */
static inline w2cl_v128 w2cl_f64x2_promote_low_f32x4(w2cl_v128 a) {
#if W2CL_HAS_SSE2
    return W2CL_V(_mm_cvtps_pd(W2CL_MF(a)));
#elif W2CL_HAS_NEON64
    return W2CL_V(vcvt_f64_f32(vget_low_f32((float32x4_t)a)));
#else
    float x[4];
    double r[2];
    w2cl_simd_getf32(a, x);
    r[0] = w2cl_f64_promote_f32(x[0]);
    r[1] = w2cl_f64_promote_f32(x[1]);
    return w2cl_simd_setf64(r);
#endif
}

#undef W2CL_FLOAT32
#undef W2CL_FLOAT64

#endif
