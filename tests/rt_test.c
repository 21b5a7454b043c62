/*
 * Runtime semantics tests: the corners of wasm numerics, bounds checks,
 * tables, linking and trap unwinding. Prints "N passed, N failed" and exits
 * nonzero on any failure.
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "w2cl.h"
#include "w2cl_ops.h"

static int passed, failed;

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (cond) {                                                         \
            passed++;                                                       \
        } else {                                                            \
            failed++;                                                       \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);          \
        }                                                                   \
    } while (0)

/* Evaluates `expr` under a trap frame and checks it traps with `why`. */
#define CHECK_TRAP(expr, why)                                               \
    do {                                                                    \
        w2cl_trap_frame tf_;                                                \
        w2cl_push_frame(&tf_);                                              \
        if (setjmp(tf_.jmp) == 0) {                                         \
            (void)(expr);                                                   \
            w2cl_pop_frame(&tf_);                                           \
            failed++;                                                       \
            printf("FAIL %s:%d: no trap: %s\n", __FILE__, __LINE__, #expr); \
        } else {                                                            \
            CHECK(tf_.status == (why));                                     \
        }                                                                   \
    } while (0)

static uint32_t fbits(float f) { return w2cl_i32_reinterpret_f32(f); }
static uint64_t dbits(double d) { return w2cl_i64_reinterpret_f64(d); }
static int is_qnan32(float f) { return (fbits(f) & 0x7fc00000u) == 0x7fc00000u; }
static int is_qnan64(double d) {
    return (dbits(d) & UINT64_C(0x7ff8000000000000)) == UINT64_C(0x7ff8000000000000);
}

/* Keeps the compiler from folding conversions at compile time. */
static volatile uint64_t opaque_u64;
static uint64_t op64(uint64_t x) {
    opaque_u64 = x;
    return opaque_u64;
}
static volatile float opaque_f32;
static float opf(float x) {
    opaque_f32 = x;
    return opaque_f32;
}
static volatile double opaque_f64;
static double opd(double x) {
    opaque_f64 = x;
    return opaque_f64;
}

static void test_integers(void) {
    CHECK(w2cl_i32_eqz(0) == 1 && w2cl_i32_eqz(5) == 0);
    CHECK(w2cl_i64_eqz(0) == 1 && w2cl_i64_eqz(UINT64_C(1) << 40) == 0);
    CHECK(w2cl_i32_lt_s(0xffffffffu, 0) == 1 && w2cl_i32_lt_s(0, 0xffffffffu) == 0);
    CHECK(w2cl_i32_gt_s(1, 0x80000000u) == 1 && w2cl_i32_le_s(5, 5) == 1 && w2cl_i32_ge_s(0x80000000u, 0) == 0);
    CHECK(w2cl_i64_lt_s(UINT64_MAX, 0) == 1 && w2cl_i64_gt_s(0, UINT64_MAX) == 1);
    CHECK(w2cl_i64_le_s(UINT64_C(0x8000000000000000), UINT64_C(0x7fffffffffffffff)) == 1);
    CHECK(w2cl_i64_ge_s(UINT64_C(0x8000000000000000), 0) == 0);

    CHECK(w2cl_i32_clz(0) == 32 && w2cl_i32_clz(1) == 31 && w2cl_i32_clz(0x80000000u) == 0);
    CHECK(w2cl_i32_ctz(0) == 32 && w2cl_i32_ctz(0x80000000u) == 31 && w2cl_i32_ctz(6) == 1);
    CHECK(w2cl_i32_popcnt(0) == 0 && w2cl_i32_popcnt(0xffffffffu) == 32 && w2cl_i32_popcnt(0x80008001u) == 3);
    CHECK(w2cl_i64_clz(0) == 64 && w2cl_i64_clz(1) == 63 && w2cl_i64_clz(UINT64_C(1) << 40) == 23);
    CHECK(w2cl_i64_ctz(0) == 64 && w2cl_i64_ctz(UINT64_C(1) << 63) == 63 && w2cl_i64_ctz(UINT64_C(1) << 40) == 40);
    CHECK(w2cl_i64_popcnt(UINT64_MAX) == 64 && w2cl_i64_popcnt(UINT64_C(0x8000000100000001)) == 3);

    CHECK(w2cl_i32_div_s(0xfffffff9u, 2) == 0xfffffffdu); /* -7 / 2 = -3 */
    CHECK(w2cl_i32_rem_s(0xfffffff9u, 2) == 0xffffffffu); /* -7 % 2 = -1 */
    CHECK(w2cl_i32_rem_s(7, 0xfffffffeu) == 1);           /* 7 % -2 = 1 */
    CHECK(w2cl_i32_div_s(0x80000000u, 2) == 0xc0000000u);
    CHECK(w2cl_i32_rem_s(0x80000000u, 0xffffffffu) == 0);
    CHECK(w2cl_i32_div_u(0xffffffffu, 2) == 0x7fffffffu && w2cl_i32_rem_u(0xffffffffu, 2) == 1);
    CHECK_TRAP(w2cl_i32_div_s(1, 0), W2CL_TRAP_DIV_BY_ZERO);
    CHECK_TRAP(w2cl_i32_div_u(1, 0), W2CL_TRAP_DIV_BY_ZERO);
    CHECK_TRAP(w2cl_i32_rem_s(1, 0), W2CL_TRAP_DIV_BY_ZERO);
    CHECK_TRAP(w2cl_i32_rem_u(1, 0), W2CL_TRAP_DIV_BY_ZERO);
    CHECK_TRAP(w2cl_i32_rem_s(0x80000000u, 0), W2CL_TRAP_DIV_BY_ZERO);
    CHECK_TRAP(w2cl_i32_div_s(0x80000000u, 0xffffffffu), W2CL_TRAP_INT_OVERFLOW);
    CHECK(w2cl_i64_div_s(UINT64_C(0x8000000000000000), 2) == UINT64_C(0xc000000000000000));
    CHECK(w2cl_i64_rem_s(UINT64_C(0x8000000000000000), UINT64_MAX) == 0);
    CHECK(w2cl_i64_div_s((uint64_t)0 - 7, 2) == (uint64_t)0 - 3 && w2cl_i64_rem_s((uint64_t)0 - 7, 2) == UINT64_MAX);
    CHECK(w2cl_i64_div_u(UINT64_MAX, 2) == UINT64_C(0x7fffffffffffffff) && w2cl_i64_rem_u(UINT64_MAX, 2) == 1);
    CHECK_TRAP(w2cl_i64_div_s(1, 0), W2CL_TRAP_DIV_BY_ZERO);
    CHECK_TRAP(w2cl_i64_div_u(1, 0), W2CL_TRAP_DIV_BY_ZERO);
    CHECK_TRAP(w2cl_i64_rem_s(1, 0), W2CL_TRAP_DIV_BY_ZERO);
    CHECK_TRAP(w2cl_i64_rem_u(1, 0), W2CL_TRAP_DIV_BY_ZERO);
    CHECK_TRAP(w2cl_i64_div_s(UINT64_C(0x8000000000000000), UINT64_MAX), W2CL_TRAP_INT_OVERFLOW);

    CHECK(w2cl_i32_shl(1, 33) == 2 && w2cl_i32_shl(0xffffffffu, 31) == 0x80000000u);
    CHECK(w2cl_i32_shr_u(0x80000000u, 63) == 1 && w2cl_i32_shr_u(4, 32) == 4);
    CHECK(w2cl_i32_shr_s(0x80000000u, 31) == 0xffffffffu && w2cl_i32_shr_s(0x80000000u, 32) == 0x80000000u);
    CHECK(w2cl_i32_shr_s(0x7fffffffu, 30) == 1 && w2cl_i32_shr_s(0xfffffff0u, 2) == 0xfffffffcu);
    CHECK(w2cl_i32_rotl(0x80000001u, 1) == 3 && w2cl_i32_rotl(0x12345678u, 0) == 0x12345678u);
    CHECK(w2cl_i32_rotl(0x12345678u, 32) == 0x12345678u && w2cl_i32_rotl(0x12345678u, 4) == 0x23456781u);
    CHECK(w2cl_i32_rotr(3, 1) == 0x80000001u && w2cl_i32_rotr(0x12345678u, 0) == 0x12345678u);
    CHECK(w2cl_i32_rotr(0x12345678u, 36) == 0x81234567u);
    CHECK(w2cl_i64_shl(1, 65) == 2 && w2cl_i64_shr_u(UINT64_MAX, 127) == 1);
    CHECK(w2cl_i64_shr_s(UINT64_C(0x8000000000000000), 63) == UINT64_MAX);
    CHECK(w2cl_i64_shr_s(UINT64_C(0x8000000000000000), 64) == UINT64_C(0x8000000000000000));
    CHECK(w2cl_i64_rotl(UINT64_C(0x8000000000000001), 1) == 3 && w2cl_i64_rotl(5, 64) == 5);
    CHECK(w2cl_i64_rotr(3, 1) == UINT64_C(0x8000000000000001) && w2cl_i64_rotr(5, 0) == 5);

    CHECK(w2cl_i32_wrap_i64(UINT64_C(0x123456789)) == 0x23456789u);
    CHECK(w2cl_i64_extend_i32_s(0x80000000u) == UINT64_C(0xffffffff80000000));
    CHECK(w2cl_i64_extend_i32_s(0x7fffffffu) == 0x7fffffffu);
    CHECK(w2cl_i64_extend_i32_u(0x80000000u) == UINT64_C(0x80000000));
    CHECK(w2cl_i32_extend8_s(0x180u) == 0xffffff80u && w2cl_i32_extend8_s(0x17fu) == 0x7fu);
    CHECK(w2cl_i32_extend16_s(0x18000u) == 0xffff8000u && w2cl_i32_extend16_s(0x7fffu) == 0x7fffu);
    CHECK(w2cl_i64_extend8_s(0x80u) == UINT64_C(0xffffffffffffff80));
    CHECK(w2cl_i64_extend16_s(UINT64_C(0x123458000)) == UINT64_C(0xffffffffffff8000));
    CHECK(w2cl_i64_extend32_s(UINT64_C(0x180000000)) == UINT64_C(0xffffffff80000000));
    CHECK(w2cl_i64_extend32_s(UINT64_C(0x17fffffff)) == UINT64_C(0x7fffffff));
}

static void test_trunc(void) {
    float nanf_ = w2cl_f32_reinterpret_i32(0x7fc00000u), inff = w2cl_f32_reinterpret_i32(0x7f800000u);
    double nand = w2cl_f64_reinterpret_i64(UINT64_C(0x7ff8000000000000));
    double infd = w2cl_f64_reinterpret_i64(UINT64_C(0x7ff0000000000000));

    /* i32.trunc_f32_s: [-2^31, 2^31) */
    CHECK(w2cl_i32_trunc_f32_s(opf(-0x1p31f)) == 0x80000000u);
    CHECK(w2cl_i32_trunc_f32_s(opf(0x1.fffffep30f)) == 2147483520u);
    CHECK(w2cl_i32_trunc_f32_s(opf(-1.9f)) == 0xffffffffu);
    CHECK_TRAP(w2cl_i32_trunc_f32_s(opf(0x1p31f)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i32_trunc_f32_s(opf(-0x1.000002p31f)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i32_trunc_f32_s(opf(nanf_)), W2CL_TRAP_INVALID_CONVERSION);
    CHECK_TRAP(w2cl_i32_trunc_f32_s(opf(-inff)), W2CL_TRAP_INT_OVERFLOW);
    /* i32.trunc_f32_u: (-1, 2^32) */
    CHECK(w2cl_i32_trunc_f32_u(opf(-0x1.fffffep-1f)) == 0);
    CHECK(w2cl_i32_trunc_f32_u(opf(0x1.fffffep31f)) == 4294967040u);
    CHECK_TRAP(w2cl_i32_trunc_f32_u(opf(-1.0f)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i32_trunc_f32_u(opf(0x1p32f)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i32_trunc_f32_u(opf(-nanf_)), W2CL_TRAP_INVALID_CONVERSION);
    /* i32.trunc_f64_s: (-2^31 - 1, 2^31) */
    CHECK(w2cl_i32_trunc_f64_s(opd(-2147483648.9)) == 0x80000000u);
    CHECK(w2cl_i32_trunc_f64_s(opd(2147483647.9)) == 0x7fffffffu);
    CHECK_TRAP(w2cl_i32_trunc_f64_s(opd(-2147483649.0)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i32_trunc_f64_s(opd(2147483648.0)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i32_trunc_f64_s(opd(nand)), W2CL_TRAP_INVALID_CONVERSION);
    /* i32.trunc_f64_u: (-1, 2^32) */
    CHECK(w2cl_i32_trunc_f64_u(opd(-0.9999999)) == 0);
    CHECK(w2cl_i32_trunc_f64_u(opd(4294967295.9)) == 0xffffffffu);
    CHECK_TRAP(w2cl_i32_trunc_f64_u(opd(-1.0)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i32_trunc_f64_u(opd(4294967296.0)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i32_trunc_f64_u(opd(infd)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i32_trunc_f64_u(opd(nand)), W2CL_TRAP_INVALID_CONVERSION);
    /* i64.trunc_f32_s: [-2^63, 2^63) */
    CHECK(w2cl_i64_trunc_f32_s(opf(-0x1p63f)) == UINT64_C(0x8000000000000000));
    CHECK(w2cl_i64_trunc_f32_s(opf(0x1.fffffep62f)) == UINT64_C(0x7fffff8000000000));
    CHECK_TRAP(w2cl_i64_trunc_f32_s(opf(0x1p63f)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i64_trunc_f32_s(opf(-0x1.000002p63f)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i64_trunc_f32_s(opf(nanf_)), W2CL_TRAP_INVALID_CONVERSION);
    /* i64.trunc_f32_u: (-1, 2^64) */
    CHECK(w2cl_i64_trunc_f32_u(opf(-0x1.fffffep-1f)) == 0);
    CHECK(w2cl_i64_trunc_f32_u(opf(0x1.fffffep63f)) == UINT64_C(0xffffff0000000000));
    CHECK_TRAP(w2cl_i64_trunc_f32_u(opf(-1.0f)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i64_trunc_f32_u(opf(0x1p64f)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i64_trunc_f32_u(opf(inff)), W2CL_TRAP_INT_OVERFLOW);
    /* i64.trunc_f64_s: [-2^63, 2^63) */
    CHECK(w2cl_i64_trunc_f64_s(opd(-0x1p63)) == UINT64_C(0x8000000000000000));
    CHECK(w2cl_i64_trunc_f64_s(opd(0x1.fffffffffffffp62)) == UINT64_C(0x7ffffffffffffc00));
    CHECK_TRAP(w2cl_i64_trunc_f64_s(opd(0x1p63)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i64_trunc_f64_s(opd(-0x1.0000000000001p63)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i64_trunc_f64_s(opd(-nand)), W2CL_TRAP_INVALID_CONVERSION);
    /* i64.trunc_f64_u: (-1, 2^64) */
    CHECK(w2cl_i64_trunc_f64_u(opd(-0x1.fffffffffffffp-1)) == 0);
    CHECK(w2cl_i64_trunc_f64_u(opd(0x1.fffffffffffffp63)) == UINT64_C(0xfffffffffffff800));
    CHECK(w2cl_i64_trunc_f64_u(opd(0x1p63)) == UINT64_C(0x8000000000000000));
    CHECK_TRAP(w2cl_i64_trunc_f64_u(opd(-1.0)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i64_trunc_f64_u(opd(0x1p64)), W2CL_TRAP_INT_OVERFLOW);
    CHECK_TRAP(w2cl_i64_trunc_f64_u(opd(nand)), W2CL_TRAP_INVALID_CONVERSION);

    /* Saturating forms: the same edges, clamped; NaN is 0. */
    CHECK(w2cl_i32_trunc_sat_f32_s(opf(nanf_)) == 0);
    CHECK(w2cl_i32_trunc_sat_f32_s(opf(0x1p31f)) == 0x7fffffffu);
    CHECK(w2cl_i32_trunc_sat_f32_s(opf(-0x1.000002p31f)) == 0x80000000u);
    CHECK(w2cl_i32_trunc_sat_f32_s(opf(-0x1p31f)) == 0x80000000u);
    CHECK(w2cl_i32_trunc_sat_f32_s(opf(0x1.fffffep30f)) == 2147483520u);
    CHECK(w2cl_i32_trunc_sat_f32_u(opf(-1.0f)) == 0 && w2cl_i32_trunc_sat_f32_u(opf(0x1p32f)) == 0xffffffffu);
    CHECK(w2cl_i32_trunc_sat_f32_u(opf(0x1.fffffep31f)) == 4294967040u);
    CHECK(w2cl_i32_trunc_sat_f32_u(opf(-inff)) == 0 && w2cl_i32_trunc_sat_f32_u(opf(nanf_)) == 0);
    CHECK(w2cl_i32_trunc_sat_f64_s(opd(-2147483649.0)) == 0x80000000u);
    CHECK(w2cl_i32_trunc_sat_f64_s(opd(-2147483648.9)) == 0x80000000u);
    CHECK(w2cl_i32_trunc_sat_f64_s(opd(2147483648.0)) == 0x7fffffffu);
    CHECK(w2cl_i32_trunc_sat_f64_s(opd(2147483647.9)) == 0x7fffffffu);
    CHECK(w2cl_i32_trunc_sat_f64_s(opd(-1.5)) == 0xffffffffu);
    CHECK(w2cl_i32_trunc_sat_f64_u(opd(4294967296.0)) == 0xffffffffu);
    CHECK(w2cl_i32_trunc_sat_f64_u(opd(4294967295.9)) == 0xffffffffu);
    CHECK(w2cl_i32_trunc_sat_f64_u(opd(-1.0)) == 0 && w2cl_i32_trunc_sat_f64_u(opd(nand)) == 0);
    CHECK(w2cl_i64_trunc_sat_f32_s(opf(0x1p63f)) == UINT64_C(0x7fffffffffffffff));
    CHECK(w2cl_i64_trunc_sat_f32_s(opf(-0x1.000002p63f)) == UINT64_C(0x8000000000000000));
    CHECK(w2cl_i64_trunc_sat_f32_s(opf(-0x1p63f)) == UINT64_C(0x8000000000000000));
    CHECK(w2cl_i64_trunc_sat_f32_s(opf(nanf_)) == 0);
    CHECK(w2cl_i64_trunc_sat_f32_u(opf(0x1p64f)) == UINT64_MAX);
    CHECK(w2cl_i64_trunc_sat_f32_u(opf(0x1.fffffep63f)) == UINT64_C(0xffffff0000000000));
    CHECK(w2cl_i64_trunc_sat_f32_u(opf(-0.5f)) == 0 && w2cl_i64_trunc_sat_f32_u(opf(-2.0f)) == 0);
    CHECK(w2cl_i64_trunc_sat_f64_s(opd(0x1p63)) == UINT64_C(0x7fffffffffffffff));
    CHECK(w2cl_i64_trunc_sat_f64_s(opd(-infd)) == UINT64_C(0x8000000000000000));
    CHECK(w2cl_i64_trunc_sat_f64_s(opd(0x1.fffffffffffffp62)) == UINT64_C(0x7ffffffffffffc00));
    CHECK(w2cl_i64_trunc_sat_f64_u(opd(0x1p64)) == UINT64_MAX);
    CHECK(w2cl_i64_trunc_sat_f64_u(opd(0x1.fffffffffffffp63)) == UINT64_C(0xfffffffffffff800));
    CHECK(w2cl_i64_trunc_sat_f64_u(opd(-1.0)) == 0 && w2cl_i64_trunc_sat_f64_u(opd(nand)) == 0);
}

static void test_floats(void) {
    float snan = w2cl_f32_reinterpret_i32(0x7fa00001u), pz = 0.0f, nz = w2cl_f32_reinterpret_i32(0x80000000u);
    double snand = w2cl_f64_reinterpret_i64(UINT64_C(0x7ff4000000000001));
    double pzd = 0.0, nzd = w2cl_f64_reinterpret_i64(UINT64_C(0x8000000000000000));

    /* Sign operations keep NaN payloads, signalling ones included. */
    CHECK(fbits(w2cl_f32_neg(snan)) == 0xffa00001u);
    CHECK(fbits(w2cl_f32_abs(w2cl_f32_reinterpret_i32(0xffa00001u))) == 0x7fa00001u);
    CHECK(fbits(w2cl_f32_copysign(snan, -1.0f)) == 0xffa00001u);
    CHECK(fbits(w2cl_f32_copysign(-2.0f, pz)) == fbits(2.0f));
    CHECK(dbits(w2cl_f64_neg(snand)) == UINT64_C(0xfff4000000000001));
    CHECK(dbits(w2cl_f64_abs(w2cl_f64_reinterpret_i64(UINT64_C(0xfff4000000000001)))) == UINT64_C(0x7ff4000000000001));
    CHECK(dbits(w2cl_f64_copysign(1.0, nzd)) == dbits(-1.0));
    CHECK(fbits(w2cl_f32_reinterpret_i32(0x7fa00001u)) == 0x7fa00001u);

    /* min/max: NaN wins (as a quiet NaN); -0 < +0 in either order. */
    CHECK(is_qnan32(w2cl_f32_min(opf(snan), 1.0f)) && is_qnan32(w2cl_f32_min(1.0f, opf(snan))));
    CHECK(is_qnan32(w2cl_f32_max(opf(snan), 1.0f)) && is_qnan32(w2cl_f32_max(1.0f, opf(snan))));
    CHECK(is_qnan64(w2cl_f64_min(opd(snand), 1.0)) && is_qnan64(w2cl_f64_max(1.0, opd(snand))));
    CHECK(fbits(w2cl_f32_min(opf(pz), opf(nz))) == 0x80000000u && fbits(w2cl_f32_min(opf(nz), opf(pz))) == 0x80000000u);
    CHECK(fbits(w2cl_f32_max(opf(pz), opf(nz))) == 0 && fbits(w2cl_f32_max(opf(nz), opf(pz))) == 0);
    CHECK(dbits(w2cl_f64_min(opd(pzd), opd(nzd))) == dbits(nzd) && dbits(w2cl_f64_max(opd(nzd), opd(pzd))) == 0);
    CHECK(w2cl_f32_min(1.0f, 2.0f) == 1.0f && w2cl_f32_max(-1.0f, -2.0f) == -1.0f);
    CHECK(w2cl_f64_min(-1.0, 2.0) == -1.0 && w2cl_f64_max(-1.0, 2.0) == 2.0);

    /* nearest: ties to even, sign of zero kept. */
    CHECK(w2cl_f32_nearest(opf(0.5f)) == 0.0f && w2cl_f32_nearest(opf(1.5f)) == 2.0f);
    CHECK(w2cl_f32_nearest(opf(2.5f)) == 2.0f && w2cl_f32_nearest(opf(-1.5f)) == -2.0f);
    CHECK(fbits(w2cl_f32_nearest(opf(-0.5f))) == 0x80000000u);
    CHECK(w2cl_f32_nearest(opf(8388607.5f)) == 8388608.0f && w2cl_f32_nearest(opf(0x1p23f + 1)) == 0x1p23f + 1);
    CHECK(w2cl_f64_nearest(opd(2.5)) == 2.0 && w2cl_f64_nearest(opd(3.5)) == 4.0);
    CHECK(w2cl_f64_nearest(opd(4503599627370495.5)) == 4503599627370496.0);
    CHECK(dbits(w2cl_f64_nearest(opd(-0.5))) == dbits(nzd));
    CHECK(is_qnan32(w2cl_f32_nearest(opf(snan))) && is_qnan64(w2cl_f64_nearest(opd(snand))));

    CHECK(fbits(w2cl_f32_ceil(opf(-0.5f))) == 0x80000000u && w2cl_f32_ceil(opf(1.1f)) == 2.0f);
    CHECK(w2cl_f32_floor(opf(-1.1f)) == -2.0f && w2cl_f32_trunc(opf(-1.9f)) == -1.0f);
    CHECK(w2cl_f64_ceil(opd(1.1)) == 2.0 && w2cl_f64_floor(opd(-0.5)) == -1.0 && w2cl_f64_trunc(opd(2.9)) == 2.0);
    CHECK(w2cl_f32_sqrt(opf(4.0f)) == 2.0f && is_qnan32(w2cl_f32_sqrt(opf(-1.0f)) + 0.0f));
    CHECK(w2cl_f64_sqrt(opd(2.25)) == 1.5);
    CHECK(w2cl_f32_div(opf(1.0f), opf(pz)) == w2cl_f32_reinterpret_i32(0x7f800000u));
    CHECK(w2cl_f64_div(opd(-1.0), opd(pzd)) == w2cl_f64_reinterpret_i64(UINT64_C(0xfff0000000000000)));
    CHECK(w2cl_f32_demote_f64(opd(0x1.fffffefffffffp0)) == 0x1.fffffep0f);
    CHECK(w2cl_f64_promote_f32(opf(0x1.fffffep0f)) == 0x1.fffffep0);
}

static void test_convert(void) {
    /* u64 -> f32: one rounding, not two (the classic double-rounding cases). */
    CHECK(fbits(w2cl_f32_convert_i64_u(op64(UINT64_C(0x7fffff4000000001)))) == fbits(0x1.fffffep62f));
    CHECK(fbits(w2cl_f32_convert_i64_u(op64(UINT64_C(0x8000008000000001)))) == fbits(0x1.000002p63f));
    CHECK(fbits(w2cl_f32_convert_i64_u(op64(UINT64_C(0xfffffe8000000001)))) == fbits(0x1.fffffep63f));
    CHECK(fbits(w2cl_f32_convert_i64_u(op64(UINT64_C(0x8000008000000000)))) == fbits(0x1p63f));
    CHECK(fbits(w2cl_f32_convert_i64_u(op64(UINT64_MAX))) == fbits(0x1p64f));
    CHECK(fbits(w2cl_f32_convert_i64_u(op64(0))) == 0);
    CHECK(fbits(w2cl_f32_convert_i64_s(op64(UINT64_C(0x7fffff4000000001)))) == fbits(0x1.fffffep62f));
    CHECK(fbits(w2cl_f32_convert_i64_s(op64((uint64_t)0 - UINT64_C(0x7fffff4000000001)))) == fbits(-0x1.fffffep62f));
    CHECK(fbits(w2cl_f32_convert_i64_s(op64(UINT64_C(0x8000000000000000)))) == fbits(-0x1p63f));
    CHECK(dbits(w2cl_f64_convert_i64_u(op64(UINT64_C(0x8000000000000401)))) == dbits(0x1.0000000000001p63));
    CHECK(dbits(w2cl_f64_convert_i64_u(op64(UINT64_C(0xfffffffffffff401)))) == dbits(0x1.fffffffffffffp63));
    CHECK(dbits(w2cl_f64_convert_i64_u(op64(UINT64_C(0x8000000000000400)))) == dbits(0x1p63));
    CHECK(dbits(w2cl_f64_convert_i64_u(op64(UINT64_C(9007199254740993)))) == dbits(9007199254740992.0));
    CHECK(dbits(w2cl_f64_convert_i64_s(op64(UINT64_C(9007199254740995)))) == dbits(9007199254740996.0));
    CHECK(dbits(w2cl_f64_convert_i64_s(op64(UINT64_MAX))) == dbits(-1.0));
    CHECK(w2cl_f32_convert_i32_s((uint32_t)op64(16777217)) == 16777216.0f);
    CHECK(w2cl_f32_convert_i32_s((uint32_t)op64(0x80000000u)) == -0x1p31f);
    CHECK(w2cl_f32_convert_i32_u((uint32_t)op64(0xffffffffu)) == 0x1p32f);
    CHECK(w2cl_f32_convert_i32_u((uint32_t)op64(0x80000080u)) == 0x1p31f);
    CHECK(w2cl_f32_convert_i32_u((uint32_t)op64(0x80000081u)) == 2147483904.0f);
    CHECK(w2cl_f64_convert_i32_s((uint32_t)op64(0xffffffffu)) == -1.0);
    CHECK(w2cl_f64_convert_i32_u((uint32_t)op64(0xffffffffu)) == 4294967295.0);
    CHECK(w2cl_i32_reinterpret_f32(-0.0f) == 0x80000000u && w2cl_i64_reinterpret_f64(1.0) == UINT64_C(0x3ff0000000000000));
}

static void test_memory(void) {
    w2cl_memory m, m2;
    uint8_t seg[4] = {1, 2, 3, 4};
    uint32_t i;

    CHECK(w2cl_memory_init(&m, 2, 1, 1) == W2CL_ALLOC_ERROR);
    CHECK(w2cl_memory_init(&m, 1, 3, 1) == W2CL_OK);
    CHECK(m.size == 65536 && m.pages == 1 && w2cl_memory_size(&m) == 1 && m.data[65535] == 0);

    /* Little-endian layout and sign extension. */
    w2cl_i32_store(&m, 0, 0x01020304u);
    CHECK(m.data[0] == 4 && m.data[1] == 3 && m.data[2] == 2 && m.data[3] == 1);
    w2cl_i64_store(&m, 8, UINT64_C(0x8877665544332211));
    CHECK(m.data[8] == 0x11 && m.data[15] == 0x88 && w2cl_i64_load(&m, 8) == UINT64_C(0x8877665544332211));
    CHECK(w2cl_i32_load8_s(&m, 15) == 0xffffff88u && w2cl_i32_load8_u(&m, 15) == 0x88);
    CHECK(w2cl_i32_load16_s(&m, 14) == 0xffff8877u && w2cl_i32_load16_u(&m, 14) == 0x8877);
    CHECK(w2cl_i64_load8_s(&m, 15) == UINT64_C(0xffffffffffffff88) && w2cl_i64_load8_u(&m, 15) == 0x88);
    CHECK(w2cl_i64_load16_s(&m, 14) == UINT64_C(0xffffffffffff8877) && w2cl_i64_load16_u(&m, 14) == 0x8877);
    CHECK(w2cl_i64_load32_s(&m, 12) == UINT64_C(0xffffffff88776655) && w2cl_i64_load32_u(&m, 12) == 0x88776655u);
    w2cl_i32_store8(&m, 20, 0x1ff);
    w2cl_i32_store16(&m, 22, 0x12345);
    w2cl_i64_store8(&m, 24, 0x1ab);
    w2cl_i64_store16(&m, 26, 0xabcd);
    w2cl_i64_store32(&m, 28, UINT64_C(0x1deadbeef));
    CHECK(m.data[20] == 0xff && m.data[21] == 0 && w2cl_i32_load16_u(&m, 22) == 0x2345 && m.data[24] == 0xab);
    CHECK(w2cl_i32_load16_u(&m, 26) == 0xabcd && w2cl_i32_load(&m, 28) == 0xdeadbeefu);
    w2cl_f32_store(&m, 32, w2cl_f32_reinterpret_i32(0x7fa00001u));
    w2cl_f64_store(&m, 40, -2.5);
    CHECK(w2cl_i32_load(&m, 32) == 0x7fa00001u && fbits(w2cl_f32_load(&m, 32)) == 0x7fa00001u);
    CHECK(w2cl_f64_load(&m, 40) == -2.5);

    /* Bounds: the last byte is fine, one past is not; ea is 64-bit. */
    CHECK(w2cl_i32_load(&m, 65532) == 0 && w2cl_i64_load(&m, 65528) == 0 && w2cl_i32_load8_u(&m, 65535) == 0);
    CHECK_TRAP(w2cl_i32_load(&m, 65533), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_i64_load(&m, 65529), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_i32_load8_u(&m, 65536), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_i64_load16_s(&m, 65535), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_f64_load(&m, (uint64_t)0xffffffffu + 0xffffffffu), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_i32_store(&m, 65533, 1), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_i64_store32(&m, (uint64_t)0xfffffffeu + 8, 1), W2CL_TRAP_MEMORY_OOB);
    CHECK(m.data[65533] == 0); /* a trapping store writes nothing */

    /* fill / copy / init, including zero length exactly at the end. */
    w2cl_memory_fill(&m, 100, 0x1aa, 4);
    CHECK(m.data[99] == 0 && m.data[100] == 0xaa && m.data[103] == 0xaa && m.data[104] == 0);
    w2cl_memory_fill(&m, 65536, 7, 0);
    CHECK_TRAP(w2cl_memory_fill(&m, 65537, 7, 0), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_memory_fill(&m, 65535, 7, 2), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_memory_fill(&m, 0xffffffffu, 7, 0xffffffffu), W2CL_TRAP_MEMORY_OOB);
    CHECK(m.data[65535] == 0); /* no partial write */
    for (i = 0; i < 8; i++)
        m.data[200 + i] = (uint8_t)i;
    w2cl_memory_copy(&m, &m, 202, 200, 6); /* overlapping, forward */
    CHECK(m.data[202] == 0 && m.data[203] == 1 && m.data[207] == 5);
    w2cl_memory_copy(&m, &m, 200, 202, 6); /* overlapping, backward */
    CHECK(m.data[200] == 0 && m.data[201] == 1 && m.data[205] == 5);
    w2cl_memory_copy(&m, &m, 65536, 0, 0);
    w2cl_memory_copy(&m, &m, 0, 65536, 0);
    CHECK_TRAP(w2cl_memory_copy(&m, &m, 65537, 0, 0), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_memory_copy(&m, &m, 0, 65537, 0), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_memory_copy(&m, &m, 65535, 0, 2), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_memory_copy(&m, &m, 0, 0xffffffffu, 2), W2CL_TRAP_MEMORY_OOB);
    w2cl_memory_init_segment(&m, seg, 4, 300, 1, 3);
    CHECK(m.data[300] == 2 && m.data[302] == 4 && m.data[303] == 0);
    w2cl_memory_init_segment(&m, seg, 4, 65536, 4, 0);
    w2cl_memory_init_segment(&m, NULL, 0, 0, 0, 0); /* dropped segment, empty range */
    CHECK_TRAP(w2cl_memory_init_segment(&m, seg, 4, 0, 5, 0), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_memory_init_segment(&m, seg, 4, 0, 2, 3), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_memory_init_segment(&m, seg, 4, 65535, 0, 2), W2CL_TRAP_MEMORY_OOB);
    CHECK_TRAP(w2cl_memory_init_segment(&m, NULL, 0, 0, 1, 0), W2CL_TRAP_MEMORY_OOB);

    /* grow keeps the contents, zeroes the new pages and respects max. */
    CHECK(w2cl_memory_grow(&m, 0) == 1);
    CHECK(w2cl_memory_grow(&m, 1) == 1 && m.pages == 2 && m.size == 131072);
    CHECK(m.data[300] == 2 && m.data[100] == 0xaa && m.data[65536] == 0 && m.data[131071] == 0);
    CHECK(w2cl_i32_load(&m, 131068) == 0);
    CHECK_TRAP(w2cl_i32_load(&m, 131069), W2CL_TRAP_MEMORY_OOB);
    CHECK(w2cl_memory_grow(&m, 2) == 0xffffffffu && m.pages == 2);
    CHECK(w2cl_memory_grow(&m, UINT64_MAX) == 0xffffffffu);
    CHECK(w2cl_memory_grow(&m, 1) == 2 && w2cl_memory_grow(&m, 1) == 0xffffffffu);
    w2cl_memory_free(&m);
    w2cl_memory_free(&m); /* idempotent */

    /* A zero-page memory with no maximum. */
    CHECK(w2cl_memory_init(&m2, 0, 65536, 0) == W2CL_OK);
    CHECK_TRAP(w2cl_i32_load8_u(&m2, 0), W2CL_TRAP_MEMORY_OOB);
    w2cl_memory_fill(&m2, 0, 1, 0);
    CHECK_TRAP(w2cl_memory_fill(&m2, 0, 1, 1), W2CL_TRAP_MEMORY_OOB);
    CHECK(w2cl_memory_grow(&m2, 65537) == 0xffffffffu);
    CHECK(w2cl_memory_grow(&m2, (uint64_t)0x100000000u) == 0xffffffffu);
    CHECK(w2cl_memory_grow(&m2, 1) == 0 && w2cl_i32_load8_u(&m2, 65535) == 0);
    CHECK(w2cl_memory_grow(&m2, 65536) == 0xffffffffu);
    w2cl_memory_free(&m2);
    CHECK(w2cl_memory_init(&m2, 65537, 70000, 1) == W2CL_ALLOC_ERROR);
}

/* A host function and its dyncall, as generated code would have them. */
static const uint8_t ty_ii_i[] = {W2CL_I32, W2CL_I32, W2CL_I32};
static const uint8_t ty_ii_i_copy[] = {W2CL_I32, W2CL_I32, W2CL_I32};
static const uint8_t ty_il_i[] = {W2CL_I32, W2CL_I64, W2CL_I32};
static const w2cl_functype type_ii_i = {2, 1, ty_ii_i};
static const w2cl_functype type_ii_i2 = {2, 1, ty_ii_i_copy};
static const w2cl_functype type_il_i = {2, 1, ty_il_i};
static const w2cl_functype type_i_ii = {1, 2, ty_ii_i};
static const w2cl_functype type_void = {0, 0, NULL};
static const w2cl_functype type_void2 = {0, 0, ty_il_i};

static uint32_t host_sub(void *ctx, uint32_t a, uint32_t b) {
    *(int *)ctx += 1;
    return a - b;
}
static void dyncall_ii_i(w2cl_fnptr fn, void *ctx, const w2cl_value *args, w2cl_value *results) {
    results[0].i32 = ((uint32_t(*)(void *, uint32_t, uint32_t))fn)(ctx, args[0].i32, args[1].i32);
}

static void test_link_and_tables(void) {
    int calls = 0;
    w2cl_funcref sub = {&type_ii_i, (w2cl_fnptr)host_sub, &calls, dyncall_ii_i};
    w2cl_funcref other = {&type_il_i, (w2cl_fnptr)host_sub, &calls, dyncall_ii_i};
    w2cl_value args[2], res[1];
    w2cl_table t, t2;
    void *seg[3];
    const w2cl_funcref *f;
    w2cl_memory mem;
    w2cl_global g = {W2CL_I32, 1, {0}};
    int marker = 0;
    w2cl_extern list[5];
    const char nul_name[] = {'a', '\0', 'b'};

    CHECK(w2cl_functype_equal(&type_ii_i, &type_ii_i2) && !w2cl_functype_equal(&type_ii_i, &type_il_i));
    CHECK(!w2cl_functype_equal(&type_ii_i, &type_i_ii) && w2cl_functype_equal(&type_void, &type_void2));

    args[0].i32 = 10;
    args[1].i32 = 3;
    w2cl_invoke(&sub, args, res);
    CHECK(res[0].i32 == 7 && calls == 1);

    /* Tables. */
    CHECK(w2cl_table_init(&t, W2CL_FUNCREF, 5, 4, 1) == W2CL_ALLOC_ERROR);
    CHECK(w2cl_table_init(&t, W2CL_FUNCREF, 2, 4, 1) == W2CL_OK);
    CHECK(w2cl_table_size(&t) == 2 && w2cl_table_get(&t, 0) == NULL && w2cl_table_get(&t, 1) == NULL);
    w2cl_table_set(&t, 1, &sub);
    CHECK(w2cl_table_get(&t, 1) == &sub);
    CHECK_TRAP(w2cl_table_get(&t, 2), W2CL_TRAP_TABLE_OOB);
    CHECK_TRAP(w2cl_table_set(&t, 2, &sub), W2CL_TRAP_TABLE_OOB);
    CHECK(w2cl_table_lookup(&t, 1, &type_ii_i) == &sub);
    CHECK(w2cl_table_lookup(&t, 1, &type_ii_i2) == &sub); /* structural */
    CHECK_TRAP(w2cl_table_lookup(&t, 1, &type_il_i), W2CL_TRAP_INDIRECT_TYPE);
    CHECK_TRAP(w2cl_table_lookup(&t, 0, &type_ii_i), W2CL_TRAP_UNINITIALIZED_ELEMENT);
    CHECK_TRAP(w2cl_table_lookup(&t, 2, &type_ii_i), W2CL_TRAP_UNDEFINED_ELEMENT);
    CHECK_TRAP(w2cl_table_lookup(&t, 0xffffffffu, &type_ii_i), W2CL_TRAP_UNDEFINED_ELEMENT);

    CHECK(w2cl_table_grow(&t, &other, 0) == 2);
    CHECK(w2cl_table_grow(&t, &other, 3) == 0xffffffffu && t.size == 2);
    CHECK(w2cl_table_grow(&t, &other, 0xffffffffu) == 0xffffffffu);
    CHECK(w2cl_table_grow(&t, &other, 2) == 2 && t.size == 4);
    CHECK(w2cl_table_get(&t, 1) == &sub && w2cl_table_get(&t, 2) == &other && w2cl_table_get(&t, 3) == &other);
    CHECK(w2cl_table_grow(&t, NULL, 1) == 0xffffffffu);

    w2cl_table_fill(&t, 0, &sub, 2);
    CHECK(w2cl_table_get(&t, 0) == &sub && w2cl_table_get(&t, 2) == &other);
    w2cl_table_fill(&t, 4, NULL, 0);
    CHECK_TRAP(w2cl_table_fill(&t, 5, NULL, 0), W2CL_TRAP_TABLE_OOB);
    CHECK_TRAP(w2cl_table_fill(&t, 3, NULL, 2), W2CL_TRAP_TABLE_OOB);
    CHECK(w2cl_table_get(&t, 3) == &other); /* no partial fill */
    w2cl_table_copy(&t, &t, 1, 2, 2); /* overlapping: [sub, other, other, other] */
    CHECK(w2cl_table_get(&t, 0) == &sub && w2cl_table_get(&t, 1) == &other);
    w2cl_table_set(&t, 3, NULL);
    w2cl_table_copy(&t, &t, 0, 1, 3); /* [other, other, NULL, NULL] */
    CHECK(w2cl_table_get(&t, 0) == &other && w2cl_table_get(&t, 2) == NULL);
    w2cl_table_copy(&t, &t, 4, 4, 0);
    CHECK_TRAP(w2cl_table_copy(&t, &t, 5, 0, 0), W2CL_TRAP_TABLE_OOB);
    CHECK_TRAP(w2cl_table_copy(&t, &t, 0, 3, 2), W2CL_TRAP_TABLE_OOB);
    CHECK_TRAP(w2cl_table_copy(&t, &t, 0xffffffffu, 0, 1), W2CL_TRAP_TABLE_OOB);
    seg[0] = &sub;
    seg[1] = NULL;
    seg[2] = &other;
    w2cl_table_init_segment(&t, seg, 3, 1, 0, 3);
    CHECK(w2cl_table_get(&t, 1) == &sub && w2cl_table_get(&t, 2) == NULL && w2cl_table_get(&t, 3) == &other);
    w2cl_table_init_segment(&t, NULL, 0, 4, 0, 0);
    CHECK_TRAP(w2cl_table_init_segment(&t, seg, 3, 0, 1, 3), W2CL_TRAP_TABLE_OOB);
    CHECK_TRAP(w2cl_table_init_segment(&t, seg, 3, 2, 0, 3), W2CL_TRAP_TABLE_OOB);
    CHECK_TRAP(w2cl_table_init_segment(&t, NULL, 0, 0, 1, 0), W2CL_TRAP_TABLE_OOB);

    CHECK(w2cl_table_init(&t2, W2CL_EXTERNREF, 0, 0xffffffffu, 0) == W2CL_OK);
    CHECK(w2cl_table_grow(&t2, &marker, 3) == 0 && w2cl_table_get(&t2, 2) == &marker);
    CHECK(w2cl_table_grow(&t2, NULL, 0xfffffffdu) == 0xffffffffu); /* 3 + 0xfffffffd would wrap */
    CHECK_TRAP(w2cl_table_copy(&t, &t2, 0, 1, 3), W2CL_TRAP_TABLE_OOB);
    w2cl_table_copy(&t2, &t2, 0, 1, 2);

    /* Import matching. */
    CHECK(w2cl_table_matches(&t, W2CL_FUNCREF, 4, 4, 1) && w2cl_table_matches(&t, W2CL_FUNCREF, 0, 0, 0));
    CHECK(w2cl_table_matches(&t, W2CL_FUNCREF, 1, 10, 1) && !w2cl_table_matches(&t, W2CL_FUNCREF, 5, 0, 0));
    CHECK(!w2cl_table_matches(&t, W2CL_FUNCREF, 0, 3, 1) && !w2cl_table_matches(&t, W2CL_EXTERNREF, 0, 0, 0));
    CHECK(!w2cl_table_matches(&t2, W2CL_EXTERNREF, 0, 0xffffffffu, 1) && w2cl_table_matches(&t2, W2CL_EXTERNREF, 3, 0, 0));
    CHECK(w2cl_memory_init(&mem, 1, 2, 1) == W2CL_OK);
    CHECK(w2cl_memory_matches(&mem, 1, 2, 1) && w2cl_memory_matches(&mem, 0, 3, 1) && w2cl_memory_matches(&mem, 1, 0, 0));
    CHECK(!w2cl_memory_matches(&mem, 2, 0, 0) && !w2cl_memory_matches(&mem, 1, 1, 1));
    CHECK(w2cl_memory_grow(&mem, 1) == 1 && w2cl_memory_matches(&mem, 2, 2, 1)); /* current size counts */
    mem.has_max = 0;
    mem.max_pages = 65536;
    CHECK(!w2cl_memory_matches(&mem, 1, 65536, 1) && w2cl_memory_matches(&mem, 1, 0, 0));
    CHECK(w2cl_global_matches(&g, W2CL_I32, 1) && !w2cl_global_matches(&g, W2CL_I32, 0));
    CHECK(!w2cl_global_matches(&g, W2CL_I64, 1));

    /* find_extern: module by strcmp, name by bytes (NULs allowed), kind. */
    list[0].module = "env";
    list[0].name = "sub";
    list[0].name_len = 3;
    list[0].kind = W2CL_EXTERN_FUNC;
    list[0].object = &sub;
    list[1] = list[0];
    list[1].kind = W2CL_EXTERN_GLOBAL;
    list[1].object = &g;
    list[2] = list[0];
    list[2].module = "other";
    list[2].object = &other;
    list[3] = list[0];
    list[3].name = nul_name;
    list[3].name_len = 3;
    list[3].object = &t;
    list[4] = list[0];
    list[4].name = "";
    list[4].name_len = 0;
    list[4].object = &mem;
    CHECK(w2cl_find_extern(list, 5, "env", "sub", 3, W2CL_EXTERN_FUNC) == &list[0]);
    CHECK(w2cl_find_extern(list, 5, "env", "sub", 3, W2CL_EXTERN_GLOBAL) == &list[1]);
    CHECK(w2cl_find_extern(list, 5, "other", "sub", 3, W2CL_EXTERN_FUNC) == &list[2]);
    CHECK(w2cl_find_extern(list, 5, "env", "a\0b", 3, W2CL_EXTERN_FUNC) == &list[3]);
    CHECK(w2cl_find_extern(list, 5, "env", "a\0c", 3, W2CL_EXTERN_FUNC) == NULL);
    CHECK(w2cl_find_extern(list, 5, "env", "a", 1, W2CL_EXTERN_FUNC) == NULL);
    CHECK(w2cl_find_extern(list, 5, "env", "", 0, W2CL_EXTERN_FUNC) == &list[4]);
    CHECK(w2cl_find_extern(list, 5, "env", "su", 2, W2CL_EXTERN_FUNC) == NULL);
    CHECK(w2cl_find_extern(list, 5, "en", "sub", 3, W2CL_EXTERN_FUNC) == NULL);
    CHECK(w2cl_find_extern(list, 5, "env", "sub", 3, W2CL_EXTERN_TABLE) == NULL);
    CHECK(w2cl_find_extern(list, 0, "env", "sub", 3, W2CL_EXTERN_FUNC) == NULL);

    f = w2cl_table_lookup(&t, 1, &type_ii_i);
    w2cl_invoke(f, args, res);
    CHECK(res[0].i32 == 7 && calls == 2);

    w2cl_memory_free(&mem);
    w2cl_table_free(&t);
    w2cl_table_free(&t2);
    w2cl_table_free(&t2);
}

/* Recursion the way generated functions count it: the depth left comes in
   a parameter. The volatile limit keeps compilers from calling the runaway
   one infinite. */
static volatile uint32_t recursion_limit = 0xffffffffu;

static void recurse_then_trap(uint32_t n, uint32_t depth) {
    w2cl_enter(depth);
    if (n == 0)
        w2cl_trap(W2CL_TRAP_UNREACHABLE);
    if (n != recursion_limit)
        recurse_then_trap(n - 1, depth - 1);
}

static uint32_t recurse_forever(uint32_t n, uint32_t depth) {
    uint32_t r = 0;
    w2cl_enter(depth);
    if (n != recursion_limit)
        r = recurse_forever(n + 1, depth - 1) + 1;
    return r;
}

static void test_frames(void) {
    w2cl_trap_frame outer, inner;
    volatile int reached = 0;
    uint32_t base = w2cl_call_depth;
    w2cl_status s;

    /* A trap lands in the innermost frame; the outer one stays armed. */
    w2cl_push_frame(&outer);
    if (setjmp(outer.jmp) == 0) {
        w2cl_call_out(W2CL_MAX_CALL_DEPTH - 1); /* as a call through a pointer two frames deep does */
        CHECK(w2cl_depth_from(w2cl_call_depth) == W2CL_MAX_CALL_DEPTH - 2);
        w2cl_push_frame(&inner);
        if (setjmp(inner.jmp) == 0) {
            recurse_then_trap(10, w2cl_depth_from(w2cl_call_depth));
            reached = -1;
        } else {
            reached = 1;
        }
        CHECK(reached == 1 && inner.status == W2CL_TRAP_UNREACHABLE);
        CHECK(w2cl_call_depth == 2); /* restored to the inner frame's entry */
        w2cl_trap(W2CL_TRAP_HOST);
    } else {
        reached = 2;
    }
    CHECK(reached == 2 && outer.status == W2CL_TRAP_HOST && w2cl_call_depth == base);

    /* A frame that completes normally leaves status OK and unwinds nothing. */
    w2cl_push_frame(&outer);
    if (setjmp(outer.jmp) == 0) {
        recursion_limit = 3;
        CHECK(recurse_forever(0, W2CL_MAX_CALL_DEPTH) == 3);
        recursion_limit = 0xffffffffu;
        w2cl_pop_frame(&outer);
        reached = 3;
    } else {
        reached = -3;
    }
    CHECK(reached == 3 && outer.status == W2CL_OK);
    CHECK_TRAP(w2cl_trap(W2CL_TRAP_MEMORY_OOB), W2CL_TRAP_MEMORY_OOB); /* the popped frame is gone */

    /* Exhaustion: runaway recursion traps at the limit and the depth resets. */
    w2cl_push_frame(&outer);
    if (setjmp(outer.jmp) == 0) {
        (void)recurse_forever(0, w2cl_depth_from(w2cl_call_depth));
        s = W2CL_OK;
    } else {
        s = outer.status;
    }
    CHECK(s == W2CL_TRAP_EXHAUSTION && w2cl_call_depth == base);
    w2cl_push_frame(&outer);
    if (setjmp(outer.jmp) == 0) {
        recursion_limit = W2CL_MAX_CALL_DEPTH - 1;
        CHECK(recurse_forever(0, w2cl_depth_from(0)) == W2CL_MAX_CALL_DEPTH - 1);
        reached = 4; /* exactly the maximum is allowed */
        recursion_limit = W2CL_MAX_CALL_DEPTH;
        (void)recurse_forever(0, w2cl_depth_from(0));
        reached = -4;
    }
    recursion_limit = 0xffffffffu;
    CHECK(reached == 4 && outer.status == W2CL_TRAP_EXHAUSTION && w2cl_call_depth == base);

    CHECK(strcmp(w2cl_status_text(W2CL_TRAP_MEMORY_OOB), "out of bounds memory access") == 0);
    CHECK(strcmp(w2cl_status_text(W2CL_TRAP_DIV_BY_ZERO), "integer divide by zero") == 0);
    CHECK(strcmp(w2cl_status_text(W2CL_TRAP_EXHAUSTION), "call stack exhausted") == 0);
    for (s = W2CL_OK; s <= W2CL_EXCEPTION; s = (w2cl_status)(s + 1))
        CHECK(w2cl_status_text(s) != NULL && w2cl_status_text(s)[0] != '\0');
}

/* Exceptions land in the innermost frame of either kind; traps pass try
   frames (w2cl_push_try_frame) by; a saved copy rethrows intact. */
static void test_exceptions(void) {
    static const uint8_t codes[] = {W2CL_I32, W2CL_F64};
    static const w2cl_functype type = {2, 0, codes};
    static w2cl_tag tag = {&type};
    w2cl_trap_frame outer, tryf;
    volatile int where = 0;
    w2cl_value v[2];
    uint32_t base = w2cl_call_depth;
    v[0].i32 = 5;
    v[1].f64 = 2.5;
    w2cl_push_frame(&outer);
    if (setjmp(outer.jmp) == 0) {
        w2cl_push_try_frame(&tryf);
        if (setjmp(tryf.jmp) == 0) {
            w2cl_call_out(W2CL_MAX_CALL_DEPTH); /* one frame deep: restored by the catch */
            w2cl_throw(&tag, v, 2);
        } else {
            const w2cl_exception *e = w2cl_current_exception();
            where = 1;
            CHECK(tryf.status == W2CL_EXCEPTION && w2cl_call_depth == base);
            CHECK(e->tag == &tag && e->n == 2 && e->values[0].i32 == 5 && e->values[1].f64 == 2.5);
        }
        w2cl_push_try_frame(&tryf);
        if (setjmp(tryf.jmp) == 0) {
            w2cl_call_out(W2CL_MAX_CALL_DEPTH);
            w2cl_trap(W2CL_TRAP_UNREACHABLE); /* to `outer`, past the try frame */
        }
        where = -1;
    } else {
        CHECK(where == 1 && outer.status == W2CL_TRAP_UNREACHABLE && w2cl_call_depth == base);
    }
    {
        w2cl_exception copy = *w2cl_current_exception();
        v[0].i32 = 6;
        w2cl_push_frame(&outer);
        if (setjmp(outer.jmp) == 0) {
            w2cl_push_try_frame(&tryf);
            if (setjmp(tryf.jmp) == 0)
                w2cl_throw(&tag, v, 1);
            CHECK(w2cl_current_exception()->n == 1 && w2cl_current_exception()->values[0].i32 == 6);
            w2cl_rethrow(&copy);
        } else {
            CHECK(outer.status == W2CL_EXCEPTION && w2cl_current_exception()->n == 2);
            CHECK(w2cl_current_exception()->values[0].i32 == 5);
        }
    }
    CHECK(strcmp(w2cl_status_text(W2CL_EXCEPTION), "uncaught exception") == 0);
    CHECK(w2cl_tag_matches(&tag, &type));
}

/* Runs one group under a frame so an unexpected trap is a failure, not an abort. */
static void run(const char *name, void (*fn)(void)) {
    w2cl_trap_frame f;
    w2cl_push_frame(&f);
    if (setjmp(f.jmp) == 0) {
        fn();
        w2cl_pop_frame(&f);
    } else {
        failed++;
        printf("FAIL %s: unexpected trap: %s\n", name, w2cl_status_text(f.status));
    }
}

int main(void) {
    run("integers", test_integers);
    run("trunc", test_trunc);
    run("floats", test_floats);
    run("convert", test_convert);
    run("memory", test_memory);
    run("tables and linking", test_link_and_tables);
    run("frames", test_frames);
    run("exceptions", test_exceptions);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
