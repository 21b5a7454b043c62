/*
 * Unit test of rt/w2cl_simd.h: every SIMD helper against an independent
 * per-lane reference written here from the WebAssembly spec.
 *
 * Vectors are modelled as 16 bytes in wasm memory order; lanes are read
 * and written byte by byte (little-endian), so the reference does not
 * depend on the host's byte order or on the header's lane access code.
 * Inputs mix edge values (INT_MIN, saturation bounds, NaN, -0, infinities,
 * halfway cases, conversion bounds) with pseudo-random lanes.
 *
 * Build (either path, any C99 compiler for the portable one):
 *   cc -std=c99 -O2 -Irt tests/simd_ops_test.c rt/(all .c files) -lm
 *   add -DW2CL_SIMD_PORTABLE for the portable path.
 * Prints failures and exits 1 on any; else "simd_ops_test: N checks passed".
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "w2cl_simd.h"

#define ITER 400 /* random vectors (or pairs) per helper */

static unsigned long checks, failures;

/* ---- Reference vector model ---------------------------------------------- */

typedef struct {
    uint8_t b[16];
} vec;

static vec B(w2cl_v128 v) {
    vec r;
    w2cl_v128_to_bytes(v, r.b);
    return r;
}
static w2cl_v128 V(vec x) { return w2cl_v128_from_bytes(x.b); }

static uint64_t mask_of(int bits) { return bits == 64 ? ~UINT64_C(0) : (UINT64_C(1) << bits) - 1; }

static uint64_t lane_get(const vec *x, int bits, int i) {
    int n = bits / 8, k;
    uint64_t v = 0;
    for (k = n - 1; k >= 0; k--)
        v = v << 8 | x->b[i * n + k];
    return v;
}
static void lane_set(vec *x, int bits, int i, uint64_t v) {
    int n = bits / 8, k;
    for (k = 0; k < n; k++) {
        x->b[i * n + k] = (uint8_t)v;
        v >>= 8;
    }
}

/* Two's complement value of the low `bits` bits. */
static int64_t sx(uint64_t x, int bits) {
    x &= mask_of(bits);
    if (bits < 64)
        return (x >> (bits - 1)) ? (int64_t)x - ((int64_t)1 << bits) : (int64_t)x;
    return (x >> 63) ? -(int64_t)(~x) - 1 : (int64_t)x;
}
static int64_t clamp64(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }
static int64_t smin(int bits) { return -((int64_t)1 << (bits - 1)); }
static int64_t smax(int bits) { return ((int64_t)1 << (bits - 1)) - 1; }

static float f32_of(uint32_t u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static uint32_t bits_f32(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static double f64_of(uint64_t u) {
    double f;
    memcpy(&f, &u, 8);
    return f;
}
static uint64_t bits_f64(double f) {
    uint64_t u;
    memcpy(&u, &f, 8);
    return u;
}

/* ---- Reporting ------------------------------------------------------------ */

static void print_vec(const char *label, const vec *v) {
    int i;
    printf("    %-5s", label);
    for (i = 0; i < 16; i++)
        printf("%s%02x", i % 4 ? "" : " ", v->b[i]);
    printf("\n");
}

/* One check of a vector result; inputs a and b (either may be NULL). */
static void check_vec(const char *name, const vec *got, const vec *want, int ok, const vec *a, const vec *b) {
    checks++;
    if (ok)
        return;
    failures++;
    if (failures > 60)
        return;
    printf("FAIL %s\n", name);
    if (a)
        print_vec("a", a);
    if (b)
        print_vec("b", b);
    print_vec("got", got);
    print_vec("want", want);
}
static void check_u64(const char *name, uint64_t got, uint64_t want, const vec *a) {
    checks++;
    if (got == want)
        return;
    failures++;
    if (failures > 60)
        return;
    printf("FAIL %s: got 0x%llx want 0x%llx\n", name, (unsigned long long)got, (unsigned long long)want);
    if (a)
        print_vec("a", a);
}
static int same(const vec *x, const vec *y) { return memcmp(x->b, y->b, 16) == 0; }

/* ---- Inputs --------------------------------------------------------------- */

static uint64_t rng_state = UINT64_C(0x9e3779b97f4a7c15);
static uint64_t rnd(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(0x2545f4914f6cdd1d);
}

static const uint64_t int_pool[] = {
    0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 100, 127, 128, 129, 254, 255, 256,
    0x4000, 0x7ffe, 0x7fff, 0x8000, 0x8001, 0xc000, 0xfffe, 0xffff, 0x10000,
    0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
    UINT64_C(0x7fffffffffffffff), UINT64_C(0x8000000000000000), UINT64_C(0x8000000000000001),
    UINT64_C(0x5555555555555555), UINT64_C(0xaaaaaaaaaaaaaaaa), UINT64_C(0x0123456789abcdef)};

/* An interesting lane value of `bits` bits. */
static uint64_t pick_int(int bits) {
    uint64_t v;
    switch (rnd() % 5) {
    case 0: v = int_pool[rnd() % (sizeof int_pool / sizeof int_pool[0])]; break;
    case 1: v = 0 - int_pool[rnd() % (sizeof int_pool / sizeof int_pool[0])]; break;
    case 2: v = (uint64_t)((rnd() % 512)) - 256; break;
    case 3: v = (bits == 64 ? 0 : (UINT64_C(1) << (bits - 1))) + (rnd() % 5) - 2; break; /* near INT_MIN */
    default: v = rnd(); break;
    }
    return v & mask_of(bits);
}
static vec rand_int_vec(int bits) {
    vec v;
    int i;
    memset(v.b, 0, 16);
    for (i = 0; i < 128 / bits; i++)
        lane_set(&v, bits, i, pick_int(bits));
    return v;
}
/* b shares some lanes with a (equality cases). */
static vec rand_int_vec_like(const vec *a, int bits) {
    vec v = rand_int_vec(bits);
    int i;
    for (i = 0; i < 128 / bits; i++)
        if (rnd() % 4 == 0)
            lane_set(&v, bits, i, lane_get(a, bits, i));
    return v;
}

static const uint32_t f32_pool[] = {
    0x00000000, 0x80000000,                         /* +-0 */
    0x3f800000, 0xbf800000,                         /* +-1 */
    0x3f000000, 0xbf000000, 0x3fc00000, 0xbfc00000, /* +-0.5, +-1.5 */
    0x40200000, 0xc0200000, 0x40600000, 0xc0600000, /* +-2.5, +-3.5 */
    0x3effffff, 0x3f000001, 0x4b000000, 0x4b7fffff, /* 0.49999997, 0.50000006, 2^23, 2^24-1 */
    0x4affffff, 0xcaffffff,                         /* 8388607.5 */
    0x7f800000, 0xff800000,                         /* +-inf */
    0x7fc00000, 0xffc00000, 0x7fa00000, 0x7fc12345, 0xff812345, /* NaNs, signaling ones too */
    0x7f7fffff, 0xff7fffff, 0x00800000, 0x00000001, 0x80000001, /* max, min normal, denormals */
    0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, /* 2147483520, 2^31, -2^31, below -2^31 */
    0x4f7fffff, 0x4f800000, 0xbf7fffff, 0x3f7fffff, /* 4294967040, 2^32, -0.99999994, 0.99999994 */
    0x42f6e979, 0xc2f6e979, 0x501502f9, 0xd01502f9  /* +-123.456, +-1e10 */
};
static const uint64_t f64_pool[] = {
    UINT64_C(0x0000000000000000), UINT64_C(0x8000000000000000),
    UINT64_C(0x3ff0000000000000), UINT64_C(0xbff0000000000000),
    UINT64_C(0x3fe0000000000000), UINT64_C(0xbfe0000000000000), /* +-0.5 */
    UINT64_C(0x3ff8000000000000), UINT64_C(0xbff8000000000000), /* +-1.5 */
    UINT64_C(0x4004000000000000), UINT64_C(0xc004000000000000), /* +-2.5 */
    UINT64_C(0x3fdfffffffffffff), UINT64_C(0x4330000000000000), /* 0.49999999999999994, 2^52 */
    UINT64_C(0x432fffffffffffff),                               /* 2^52 - 0.5 */
    UINT64_C(0x7ff0000000000000), UINT64_C(0xfff0000000000000),
    UINT64_C(0x7ff8000000000000), UINT64_C(0xfff8000000000000), UINT64_C(0x7ff4000000000000),
    UINT64_C(0x7ff8000012345678), UINT64_C(0xfff0000000000001),
    UINT64_C(0x7fefffffffffffff), UINT64_C(0x0010000000000000), UINT64_C(0x0000000000000001),
    UINT64_C(0x41dfffffffc00000), UINT64_C(0x41dfffffffffffff), /* 2147483647, 2147483647.999... */
    UINT64_C(0x41e0000000000000), UINT64_C(0xc1e0000000000000), /* 2^31, -2^31 */
    UINT64_C(0xc1e00000001fffff), UINT64_C(0xc1e0000000200000), /* -2147483648.99..., -2147483649 */
    UINT64_C(0x41efffffffe00000), UINT64_C(0x41efffffffffffff), /* 4294967295, 4294967295.99... */
    UINT64_C(0x41f0000000000000),                               /* 2^32 */
    UINT64_C(0x36a0000000000000), UINT64_C(0x47efffffe0000000), /* f32 denormal range, f32 max */
    UINT64_C(0x47efffffefffffff), UINT64_C(0x47effffff0000000), /* just below/at f32 overflow tie */
    UINT64_C(0x3ff0000010000000), UINT64_C(0x3ff0000030000000)  /* f32 rounding ties */
};

static uint32_t pick_f32(void) {
    switch (rnd() % 4) {
    case 0:
    case 1: return f32_pool[rnd() % (sizeof f32_pool / sizeof f32_pool[0])];
    case 2: return bits_f32((float)((int)(rnd() % 41) - 20) * 0.25f); /* small multiples of 1/4 */
    default: return (uint32_t)rnd();
    }
}
static uint64_t pick_f64(void) {
    switch (rnd() % 4) {
    case 0:
    case 1: return f64_pool[rnd() % (sizeof f64_pool / sizeof f64_pool[0])];
    case 2: return bits_f64((double)((int)(rnd() % 41) - 20) * 0.25);
    default: return rnd();
    }
}
static vec rand_float_vec(int bits) {
    vec v;
    int i;
    memset(v.b, 0, 16);
    for (i = 0; i < 128 / bits; i++)
        lane_set(&v, bits, i, bits == 32 ? pick_f32() : pick_f64());
    return v;
}
static vec rand_float_vec_like(const vec *a, int bits) {
    vec v = rand_float_vec(bits);
    int i;
    for (i = 0; i < 128 / bits; i++) {
        uint64_t r = rnd() % 6;
        if (r == 0)
            lane_set(&v, bits, i, lane_get(a, bits, i));
        else if (r == 1) /* the same value with the other sign (+-0 pairs) */
            lane_set(&v, bits, i, lane_get(a, bits, i) ^ (UINT64_C(1) << (bits - 1)));
    }
    return v;
}
static vec rand_bytes(void) {
    vec v;
    int i;
    for (i = 0; i < 16; i++)
        v.b[i] = (uint8_t)rnd();
    return v;
}

/* ---- Integer lanewise operations ----------------------------------------- */

enum iop {
    ADD, SUB, MUL, EQ, NE, LT_S, LT_U, GT_S, GT_U, LE_S, LE_U, GE_S, GE_U,
    MIN_S, MIN_U, MAX_S, MAX_U, ADD_SAT_S, ADD_SAT_U, SUB_SAT_S, SUB_SAT_U, AVGR_U, Q15MULR,
    AND, ANDNOT, OR, XOR
};

/* Arithmetic shift right of a negative value without relying on >>. */
static int64_t floor_shift(int64_t v, int k) {
    int64_t d = (int64_t)1 << k;
    return v >= 0 ? v / d : -((-v + d - 1) / d);
}

static uint64_t ref_ibin(enum iop op, uint64_t a, uint64_t b, int bits) {
    uint64_t m = mask_of(bits), t = m;
    int64_t x = sx(a, bits), y = sx(b, bits);
    switch (op) {
    case ADD: return (a + b) & m;
    case SUB: return (a - b) & m;
    case MUL: return (a * b) & m;
    case EQ: return a == b ? t : 0;
    case NE: return a != b ? t : 0;
    case LT_S: return x < y ? t : 0;
    case LT_U: return a < b ? t : 0;
    case GT_S: return x > y ? t : 0;
    case GT_U: return a > b ? t : 0;
    case LE_S: return x <= y ? t : 0;
    case LE_U: return a <= b ? t : 0;
    case GE_S: return x >= y ? t : 0;
    case GE_U: return a >= b ? t : 0;
    case MIN_S: return x < y ? a : b;
    case MIN_U: return a < b ? a : b;
    case MAX_S: return x > y ? a : b;
    case MAX_U: return a > b ? a : b;
    case ADD_SAT_S: return (uint64_t)clamp64(x + y, smin(bits), smax(bits)) & m;
    case ADD_SAT_U: return a + b > m ? m : a + b;
    case SUB_SAT_S: return (uint64_t)clamp64(x - y, smin(bits), smax(bits)) & m;
    case SUB_SAT_U: return a > b ? a - b : 0;
    case AVGR_U: return (a + b + 1) >> 1;
    case Q15MULR: return (uint64_t)clamp64(floor_shift(x * y + 0x4000, 15), -32768, 32767) & m;
    case AND: return a & b;
    case ANDNOT: return a & ~b;
    case OR: return a | b;
    case XOR: return a ^ b;
    }
    return 0;
}

typedef w2cl_v128 (*bin_fn)(w2cl_v128, w2cl_v128);
typedef w2cl_v128 (*un_fn)(w2cl_v128);
typedef w2cl_v128 (*shift_fn)(w2cl_v128, uint32_t);
typedef uint32_t (*red_fn)(w2cl_v128);

struct ibin_case {
    const char *name;
    bin_fn fn;
    int bits;
    enum iop op;
};
#define IB(name, bits, op) {#name, w2cl_##name, bits, op}
static const struct ibin_case ibin_cases[] = {
    IB(i8x16_add, 8, ADD), IB(i8x16_sub, 8, SUB),
    IB(i16x8_add, 16, ADD), IB(i16x8_sub, 16, SUB), IB(i16x8_mul, 16, MUL),
    IB(i32x4_add, 32, ADD), IB(i32x4_sub, 32, SUB), IB(i32x4_mul, 32, MUL),
    IB(i64x2_add, 64, ADD), IB(i64x2_sub, 64, SUB), IB(i64x2_mul, 64, MUL),
    IB(i8x16_eq, 8, EQ), IB(i8x16_ne, 8, NE), IB(i8x16_lt_s, 8, LT_S), IB(i8x16_lt_u, 8, LT_U),
    IB(i8x16_gt_s, 8, GT_S), IB(i8x16_gt_u, 8, GT_U), IB(i8x16_le_s, 8, LE_S), IB(i8x16_le_u, 8, LE_U),
    IB(i8x16_ge_s, 8, GE_S), IB(i8x16_ge_u, 8, GE_U),
    IB(i16x8_eq, 16, EQ), IB(i16x8_ne, 16, NE), IB(i16x8_lt_s, 16, LT_S), IB(i16x8_lt_u, 16, LT_U),
    IB(i16x8_gt_s, 16, GT_S), IB(i16x8_gt_u, 16, GT_U), IB(i16x8_le_s, 16, LE_S), IB(i16x8_le_u, 16, LE_U),
    IB(i16x8_ge_s, 16, GE_S), IB(i16x8_ge_u, 16, GE_U),
    IB(i32x4_eq, 32, EQ), IB(i32x4_ne, 32, NE), IB(i32x4_lt_s, 32, LT_S), IB(i32x4_lt_u, 32, LT_U),
    IB(i32x4_gt_s, 32, GT_S), IB(i32x4_gt_u, 32, GT_U), IB(i32x4_le_s, 32, LE_S), IB(i32x4_le_u, 32, LE_U),
    IB(i32x4_ge_s, 32, GE_S), IB(i32x4_ge_u, 32, GE_U),
    IB(i64x2_eq, 64, EQ), IB(i64x2_ne, 64, NE), IB(i64x2_lt_s, 64, LT_S), IB(i64x2_gt_s, 64, GT_S),
    IB(i64x2_le_s, 64, LE_S), IB(i64x2_ge_s, 64, GE_S),
    IB(i8x16_min_s, 8, MIN_S), IB(i8x16_min_u, 8, MIN_U), IB(i8x16_max_s, 8, MAX_S), IB(i8x16_max_u, 8, MAX_U),
    IB(i16x8_min_s, 16, MIN_S), IB(i16x8_min_u, 16, MIN_U), IB(i16x8_max_s, 16, MAX_S),
    IB(i16x8_max_u, 16, MAX_U),
    IB(i32x4_min_s, 32, MIN_S), IB(i32x4_min_u, 32, MIN_U), IB(i32x4_max_s, 32, MAX_S),
    IB(i32x4_max_u, 32, MAX_U),
    IB(i8x16_add_sat_s, 8, ADD_SAT_S), IB(i8x16_add_sat_u, 8, ADD_SAT_U),
    IB(i8x16_sub_sat_s, 8, SUB_SAT_S), IB(i8x16_sub_sat_u, 8, SUB_SAT_U),
    IB(i16x8_add_sat_s, 16, ADD_SAT_S), IB(i16x8_add_sat_u, 16, ADD_SAT_U),
    IB(i16x8_sub_sat_s, 16, SUB_SAT_S), IB(i16x8_sub_sat_u, 16, SUB_SAT_U),
    IB(i8x16_avgr_u, 8, AVGR_U), IB(i16x8_avgr_u, 16, AVGR_U), IB(i16x8_q15mulr_sat_s, 16, Q15MULR),
    IB(v128_and, 64, AND), IB(v128_andnot, 64, ANDNOT), IB(v128_or, 64, OR), IB(v128_xor, 64, XOR),
};

static void test_int_binary(void) {
    size_t c;
    int it, i;
    for (c = 0; c < sizeof ibin_cases / sizeof ibin_cases[0]; c++) {
        const struct ibin_case *k = &ibin_cases[c];
        for (it = 0; it < ITER; it++) {
            vec a = rand_int_vec(k->bits), b = rand_int_vec_like(&a, k->bits), want, got;
            for (i = 0; i < 128 / k->bits; i++)
                lane_set(&want, k->bits, i,
                         ref_ibin(k->op, lane_get(&a, k->bits, i), lane_get(&b, k->bits, i), k->bits));
            got = B(k->fn(V(a), V(b)));
            check_vec(k->name, &got, &want, same(&got, &want), &a, &b);
        }
    }
}

enum uop { NEG, ABS, POPCNT, NOT };
static uint64_t ref_iun(enum uop op, uint64_t a, int bits) {
    uint64_t m = mask_of(bits), n = 0;
    switch (op) {
    case NEG: return (0 - a) & m;
    case ABS: return sx(a, bits) < 0 ? (0 - a) & m : a;
    case POPCNT:
        for (; a; a >>= 1)
            n += a & 1;
        return n;
    case NOT: return ~a & m;
    }
    return 0;
}
struct iun_case {
    const char *name;
    un_fn fn;
    int bits;
    enum uop op;
};
#define IU(name, bits, op) {#name, w2cl_##name, bits, op}
static const struct iun_case iun_cases[] = {
    IU(i8x16_neg, 8, NEG), IU(i16x8_neg, 16, NEG), IU(i32x4_neg, 32, NEG), IU(i64x2_neg, 64, NEG),
    IU(i8x16_abs, 8, ABS), IU(i16x8_abs, 16, ABS), IU(i32x4_abs, 32, ABS), IU(i64x2_abs, 64, ABS),
    IU(i8x16_popcnt, 8, POPCNT), IU(v128_not, 64, NOT),
};

static void test_int_unary(void) {
    size_t c;
    int it, i;
    for (c = 0; c < sizeof iun_cases / sizeof iun_cases[0]; c++) {
        const struct iun_case *k = &iun_cases[c];
        for (it = 0; it < ITER; it++) {
            vec a = rand_int_vec(k->bits), want, got;
            for (i = 0; i < 128 / k->bits; i++)
                lane_set(&want, k->bits, i, ref_iun(k->op, lane_get(&a, k->bits, i), k->bits));
            got = B(k->fn(V(a)));
            check_vec(k->name, &got, &want, same(&got, &want), &a, NULL);
        }
    }
}

/* ---- Shifts --------------------------------------------------------------- */

enum sop { SHL, SHR_S, SHR_U };
struct shift_case {
    const char *name;
    shift_fn fn;
    int bits;
    enum sop op;
};
#define SH(name, bits, op) {#name, w2cl_##name, bits, op}
static const struct shift_case shift_cases[] = {
    SH(i8x16_shl, 8, SHL), SH(i8x16_shr_s, 8, SHR_S), SH(i8x16_shr_u, 8, SHR_U),
    SH(i16x8_shl, 16, SHL), SH(i16x8_shr_s, 16, SHR_S), SH(i16x8_shr_u, 16, SHR_U),
    SH(i32x4_shl, 32, SHL), SH(i32x4_shr_s, 32, SHR_S), SH(i32x4_shr_u, 32, SHR_U),
    SH(i64x2_shl, 64, SHL), SH(i64x2_shr_s, 64, SHR_S), SH(i64x2_shr_u, 64, SHR_U),
};
static const uint32_t shift_counts[] = {0, 1, 2, 6, 7, 8, 9, 14, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100,
                                        0x7fffffff, 0x80000000, 0xffffffff};

static void test_shifts(void) {
    size_t c, s;
    int it, i;
    for (c = 0; c < sizeof shift_cases / sizeof shift_cases[0]; c++) {
        const struct shift_case *k = &shift_cases[c];
        for (s = 0; s < sizeof shift_counts / sizeof shift_counts[0]; s++) {
            uint32_t n = shift_counts[s];
            int sh = (int)(n % (uint32_t)k->bits);
            for (it = 0; it < ITER / 10; it++) {
                vec a = rand_int_vec(k->bits), want, got;
                for (i = 0; i < 128 / k->bits; i++) {
                    uint64_t x = lane_get(&a, k->bits, i), m = mask_of(k->bits), r;
                    if (k->op == SHL)
                        r = (x << sh) & m;
                    else if (k->op == SHR_U)
                        r = x >> sh;
                    else /* fill the vacated top bits with the sign */
                        r = (x >> sh) | (sx(x, k->bits) < 0 ? m & ~(m >> sh) : 0);
                    lane_set(&want, k->bits, i, r);
                }
                got = B(k->fn(V(a), n));
                check_vec(k->name, &got, &want, same(&got, &want), &a, NULL);
            }
        }
    }
}

/* ---- Reductions ------------------------------------------------------------ */

static void test_reductions(void) {
    static const struct {
        const char *name;
        red_fn fn;
        int bits;
        int kind; /* 0 all_true, 1 bitmask, 2 any_true */
    } cases[] = {
        {"i8x16_all_true", w2cl_i8x16_all_true, 8, 0}, {"i16x8_all_true", w2cl_i16x8_all_true, 16, 0},
        {"i32x4_all_true", w2cl_i32x4_all_true, 32, 0}, {"i64x2_all_true", w2cl_i64x2_all_true, 64, 0},
        {"i8x16_bitmask", w2cl_i8x16_bitmask, 8, 1},   {"i16x8_bitmask", w2cl_i16x8_bitmask, 16, 1},
        {"i32x4_bitmask", w2cl_i32x4_bitmask, 32, 1},  {"i64x2_bitmask", w2cl_i64x2_bitmask, 64, 1},
        {"v128_any_true", w2cl_v128_any_true, 8, 2},
    };
    size_t c;
    int it, i;
    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int bits = cases[c].bits, n = 128 / bits;
        for (it = 0; it < ITER; it++) {
            vec a = rand_int_vec(bits);
            uint32_t want = 0;
            /* Make zero lanes (and all-zero vectors) common. */
            if (it % 3 == 0)
                lane_set(&a, bits, (int)(rnd() % (uint64_t)n), 0);
            if (it % 50 == 1)
                memset(a.b, 0, 16);
            if (it % 50 == 2) { /* a single set bit */
                memset(a.b, 0, 16);
                a.b[rnd() % 16] = (uint8_t)(1u << (rnd() % 8));
            }
            if (cases[c].kind == 0) {
                want = 1;
                for (i = 0; i < n; i++)
                    if (lane_get(&a, bits, i) == 0)
                        want = 0;
            } else if (cases[c].kind == 1) {
                for (i = 0; i < n; i++)
                    want |= (uint32_t)(lane_get(&a, bits, i) >> (bits - 1)) << i;
            } else {
                for (i = 0; i < 16; i++)
                    if (a.b[i])
                        want = 1;
            }
            check_u64(cases[c].name, cases[c].fn(V(a)), want, &a);
        }
    }
}

/* ---- Widening and narrowing ---------------------------------------------- */

/* extend: wide lane i = narrow lane first + i of a, extended. */
static void test_extend(void) {
    static const struct {
        const char *name;
        un_fn fn;
        int nbits, high, is_signed;
    } cases[] = {
        {"i16x8_extend_low_i8x16_s", w2cl_i16x8_extend_low_i8x16_s, 8, 0, 1},
        {"i16x8_extend_high_i8x16_s", w2cl_i16x8_extend_high_i8x16_s, 8, 1, 1},
        {"i16x8_extend_low_i8x16_u", w2cl_i16x8_extend_low_i8x16_u, 8, 0, 0},
        {"i16x8_extend_high_i8x16_u", w2cl_i16x8_extend_high_i8x16_u, 8, 1, 0},
        {"i32x4_extend_low_i16x8_s", w2cl_i32x4_extend_low_i16x8_s, 16, 0, 1},
        {"i32x4_extend_high_i16x8_s", w2cl_i32x4_extend_high_i16x8_s, 16, 1, 1},
        {"i32x4_extend_low_i16x8_u", w2cl_i32x4_extend_low_i16x8_u, 16, 0, 0},
        {"i32x4_extend_high_i16x8_u", w2cl_i32x4_extend_high_i16x8_u, 16, 1, 0},
        {"i64x2_extend_low_i32x4_s", w2cl_i64x2_extend_low_i32x4_s, 32, 0, 1},
        {"i64x2_extend_high_i32x4_s", w2cl_i64x2_extend_high_i32x4_s, 32, 1, 1},
        {"i64x2_extend_low_i32x4_u", w2cl_i64x2_extend_low_i32x4_u, 32, 0, 0},
        {"i64x2_extend_high_i32x4_u", w2cl_i64x2_extend_high_i32x4_u, 32, 1, 0},
    };
    size_t c;
    int it, i;
    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int nb = cases[c].nbits, wb = 2 * nb, n = 128 / wb;
        for (it = 0; it < ITER; it++) {
            vec a = rand_int_vec(nb), want, got;
            for (i = 0; i < n; i++) {
                uint64_t x = lane_get(&a, nb, cases[c].high * n + i);
                lane_set(&want, wb, i, cases[c].is_signed ? (uint64_t)sx(x, nb) & mask_of(wb) : x);
            }
            got = B(cases[c].fn(V(a)));
            check_vec(cases[c].name, &got, &want, same(&got, &want), &a, NULL);
        }
    }
}

/* extmul: wide lane i = product of the extended narrow lanes first + i. */
static void test_extmul(void) {
    static const struct {
        const char *name;
        bin_fn fn;
        int nbits, high, is_signed;
    } cases[] = {
        {"i16x8_extmul_low_i8x16_s", w2cl_i16x8_extmul_low_i8x16_s, 8, 0, 1},
        {"i16x8_extmul_high_i8x16_s", w2cl_i16x8_extmul_high_i8x16_s, 8, 1, 1},
        {"i16x8_extmul_low_i8x16_u", w2cl_i16x8_extmul_low_i8x16_u, 8, 0, 0},
        {"i16x8_extmul_high_i8x16_u", w2cl_i16x8_extmul_high_i8x16_u, 8, 1, 0},
        {"i32x4_extmul_low_i16x8_s", w2cl_i32x4_extmul_low_i16x8_s, 16, 0, 1},
        {"i32x4_extmul_high_i16x8_s", w2cl_i32x4_extmul_high_i16x8_s, 16, 1, 1},
        {"i32x4_extmul_low_i16x8_u", w2cl_i32x4_extmul_low_i16x8_u, 16, 0, 0},
        {"i32x4_extmul_high_i16x8_u", w2cl_i32x4_extmul_high_i16x8_u, 16, 1, 0},
        {"i64x2_extmul_low_i32x4_s", w2cl_i64x2_extmul_low_i32x4_s, 32, 0, 1},
        {"i64x2_extmul_high_i32x4_s", w2cl_i64x2_extmul_high_i32x4_s, 32, 1, 1},
        {"i64x2_extmul_low_i32x4_u", w2cl_i64x2_extmul_low_i32x4_u, 32, 0, 0},
        {"i64x2_extmul_high_i32x4_u", w2cl_i64x2_extmul_high_i32x4_u, 32, 1, 0},
    };
    size_t c;
    int it, i;
    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int nb = cases[c].nbits, wb = 2 * nb, n = 128 / wb;
        for (it = 0; it < ITER; it++) {
            vec a = rand_int_vec(nb), b = rand_int_vec_like(&a, nb), want, got;
            for (i = 0; i < n; i++) {
                uint64_t x = lane_get(&a, nb, cases[c].high * n + i), y = lane_get(&b, nb, cases[c].high * n + i);
                uint64_t p = cases[c].is_signed ? (uint64_t)(sx(x, nb) * sx(y, nb)) : x * y;
                lane_set(&want, wb, i, p & mask_of(wb));
            }
            got = B(cases[c].fn(V(a), V(b)));
            check_vec(cases[c].name, &got, &want, same(&got, &want), &a, &b);
        }
    }
}

static void test_extadd_dot_narrow(void) {
    static const struct {
        const char *name;
        un_fn fn;
        int nbits, is_signed;
    } pw[] = {
        {"i16x8_extadd_pairwise_i8x16_s", w2cl_i16x8_extadd_pairwise_i8x16_s, 8, 1},
        {"i16x8_extadd_pairwise_i8x16_u", w2cl_i16x8_extadd_pairwise_i8x16_u, 8, 0},
        {"i32x4_extadd_pairwise_i16x8_s", w2cl_i32x4_extadd_pairwise_i16x8_s, 16, 1},
        {"i32x4_extadd_pairwise_i16x8_u", w2cl_i32x4_extadd_pairwise_i16x8_u, 16, 0},
    };
    static const struct {
        const char *name;
        bin_fn fn;
        int wbits, is_signed;
    } nw[] = {
        {"i8x16_narrow_i16x8_s", w2cl_i8x16_narrow_i16x8_s, 16, 1},
        {"i8x16_narrow_i16x8_u", w2cl_i8x16_narrow_i16x8_u, 16, 0},
        {"i16x8_narrow_i32x4_s", w2cl_i16x8_narrow_i32x4_s, 32, 1},
        {"i16x8_narrow_i32x4_u", w2cl_i16x8_narrow_i32x4_u, 32, 0},
    };
    size_t c;
    int it, i;
    for (c = 0; c < sizeof pw / sizeof pw[0]; c++) {
        int nb = pw[c].nbits, wb = 2 * nb;
        for (it = 0; it < ITER; it++) {
            vec a = rand_int_vec(nb), want, got;
            for (i = 0; i < 128 / wb; i++) {
                uint64_t x = lane_get(&a, nb, 2 * i), y = lane_get(&a, nb, 2 * i + 1);
                uint64_t s = pw[c].is_signed ? (uint64_t)(sx(x, nb) + sx(y, nb)) : x + y;
                lane_set(&want, wb, i, s & mask_of(wb));
            }
            got = B(pw[c].fn(V(a)));
            check_vec(pw[c].name, &got, &want, same(&got, &want), &a, NULL);
        }
    }
    for (it = 0; it < ITER; it++) {
        vec a = rand_int_vec(16), b = rand_int_vec_like(&a, 16), want, got;
        if (it % 20 == 0) /* the one overflowing case: all lanes -32768 */
            for (i = 0; i < 8; i++) {
                lane_set(&a, 16, i, 0x8000);
                lane_set(&b, 16, i, 0x8000);
            }
        for (i = 0; i < 4; i++) {
            int64_t s = sx(lane_get(&a, 16, 2 * i), 16) * sx(lane_get(&b, 16, 2 * i), 16) +
                        sx(lane_get(&a, 16, 2 * i + 1), 16) * sx(lane_get(&b, 16, 2 * i + 1), 16);
            lane_set(&want, 32, i, (uint64_t)s & 0xffffffffu);
        }
        got = B(w2cl_i32x4_dot_i16x8_s(V(a), V(b)));
        check_vec("i32x4_dot_i16x8_s", &got, &want, same(&got, &want), &a, &b);
    }
    for (c = 0; c < sizeof nw / sizeof nw[0]; c++) {
        int wb = nw[c].wbits, nb = wb / 2, n = 128 / wb;
        int64_t lo = nw[c].is_signed ? smin(nb) : 0, hi = nw[c].is_signed ? smax(nb) : (int64_t)mask_of(nb);
        for (it = 0; it < ITER; it++) {
            vec a = rand_int_vec(wb), b = rand_int_vec(wb), want, got;
            for (i = 0; i < n; i++) {
                lane_set(&want, nb, i, (uint64_t)clamp64(sx(lane_get(&a, wb, i), wb), lo, hi) & mask_of(nb));
                lane_set(&want, nb, n + i, (uint64_t)clamp64(sx(lane_get(&b, wb, i), wb), lo, hi) & mask_of(nb));
            }
            got = B(nw[c].fn(V(a), V(b)));
            check_vec(nw[c].name, &got, &want, same(&got, &want), &a, &b);
        }
    }
}

/* ---- Float operations ------------------------------------------------------ */

/* A lane matches when its bits equal the expected ones, or, where wasm
   allows any NaN (arithmetic results), when both are NaN and the result
   is quiet. */
static int f32_lane_ok(uint32_t got, uint32_t want, int exact) {
    if (!exact && (want & 0x7fffffffu) > 0x7f800000u)
        return (got & 0x7fffffffu) > 0x7f800000u && (got & 0x00400000u);
    return got == want;
}
static int f64_lane_ok(uint64_t got, uint64_t want, int exact) {
    uint64_t inf = UINT64_C(0x7ff0000000000000), abs_mask = UINT64_C(0x7fffffffffffffff);
    if (!exact && (want & abs_mask) > inf)
        return (got & abs_mask) > inf && (got & UINT64_C(0x0008000000000000));
    return got == want;
}
static int vec_float_ok(const vec *got, const vec *want, int bits, int exact) {
    int i;
    for (i = 0; i < 128 / bits; i++) {
        uint64_t g = lane_get(got, bits, i), w = lane_get(want, bits, i);
        if (bits == 32 ? !f32_lane_ok((uint32_t)g, (uint32_t)w, exact) : !f64_lane_ok(g, w, exact))
            return 0;
    }
    return 1;
}

enum fop { FADD, FSUB, FMUL, FDIV, FMIN, FMAX, FPMIN, FPMAX, FEQ, FNE, FLT, FGT, FLE, FGE };

/* Reference wasm min/max: NaN if either is, -0 below +0. */
static double ref_min(double a, double b) {
    if (a != a || b != b)
        return a + b;
    if (a == b)
        return signbit(a) ? a : b;
    return a < b ? a : b;
}
static double ref_max(double a, double b) {
    if (a != a || b != b)
        return a + b;
    if (a == b)
        return signbit(a) ? b : a;
    return a > b ? a : b;
}

/* The expected lane (bits) for op on lanes a and b; *exact says whether
   a NaN result must match bit for bit. */
static uint64_t ref_fbin(enum fop op, uint64_t a, uint64_t b, int bits, int *exact) {
    int c = -1;
    *exact = 0;
    if (bits == 32) {
        float x = f32_of((uint32_t)a), y = f32_of((uint32_t)b), r = 0;
        switch (op) {
        case FADD: r = x + y; break;
        case FSUB: r = x - y; break;
        case FMUL: r = x * y; break;
        case FDIV: r = x / y; break;
        case FMIN: r = (float)ref_min(x, y); break;
        case FMAX: r = (float)ref_max(x, y); break;
        case FPMIN: *exact = 1; return y < x ? b : a;
        case FPMAX: *exact = 1; return x < y ? b : a;
        case FEQ: c = x == y; break;
        case FNE: c = x != y; break;
        case FLT: c = x < y; break;
        case FGT: c = x > y; break;
        case FLE: c = x <= y; break;
        case FGE: c = x >= y; break;
        }
        if (c >= 0) {
            *exact = 1;
            return c ? 0xffffffffu : 0;
        }
        return bits_f32(r);
    } else {
        double x = f64_of(a), y = f64_of(b), r = 0;
        switch (op) {
        case FADD: r = x + y; break;
        case FSUB: r = x - y; break;
        case FMUL: r = x * y; break;
        case FDIV: r = x / y; break;
        case FMIN: r = ref_min(x, y); break;
        case FMAX: r = ref_max(x, y); break;
        case FPMIN: *exact = 1; return y < x ? b : a;
        case FPMAX: *exact = 1; return x < y ? b : a;
        case FEQ: c = x == y; break;
        case FNE: c = x != y; break;
        case FLT: c = x < y; break;
        case FGT: c = x > y; break;
        case FLE: c = x <= y; break;
        case FGE: c = x >= y; break;
        }
        if (c >= 0) {
            *exact = 1;
            return c ? ~UINT64_C(0) : 0;
        }
        return bits_f64(r);
    }
}

struct fbin_case {
    const char *name;
    bin_fn fn;
    int bits;
    enum fop op;
};
#define FB(name, bits, op) {#name, w2cl_##name, bits, op}
static const struct fbin_case fbin_cases[] = {
    FB(f32x4_add, 32, FADD), FB(f32x4_sub, 32, FSUB), FB(f32x4_mul, 32, FMUL), FB(f32x4_div, 32, FDIV),
    FB(f32x4_min, 32, FMIN), FB(f32x4_max, 32, FMAX), FB(f32x4_pmin, 32, FPMIN), FB(f32x4_pmax, 32, FPMAX),
    FB(f32x4_eq, 32, FEQ), FB(f32x4_ne, 32, FNE), FB(f32x4_lt, 32, FLT), FB(f32x4_gt, 32, FGT),
    FB(f32x4_le, 32, FLE), FB(f32x4_ge, 32, FGE),
    FB(f64x2_add, 64, FADD), FB(f64x2_sub, 64, FSUB), FB(f64x2_mul, 64, FMUL), FB(f64x2_div, 64, FDIV),
    FB(f64x2_min, 64, FMIN), FB(f64x2_max, 64, FMAX), FB(f64x2_pmin, 64, FPMIN), FB(f64x2_pmax, 64, FPMAX),
    FB(f64x2_eq, 64, FEQ), FB(f64x2_ne, 64, FNE), FB(f64x2_lt, 64, FLT), FB(f64x2_gt, 64, FGT),
    FB(f64x2_le, 64, FLE), FB(f64x2_ge, 64, FGE),
};

static void test_float_binary(void) {
    size_t c;
    int it, i;
    for (c = 0; c < sizeof fbin_cases / sizeof fbin_cases[0]; c++) {
        const struct fbin_case *k = &fbin_cases[c];
        for (it = 0; it < ITER; it++) {
            vec a = rand_float_vec(k->bits), b = rand_float_vec_like(&a, k->bits), want, got;
            int ok = 1, exact;
            got = B(k->fn(V(a), V(b)));
            for (i = 0; i < 128 / k->bits; i++) {
                uint64_t w = ref_fbin(k->op, lane_get(&a, k->bits, i), lane_get(&b, k->bits, i), k->bits, &exact);
                uint64_t g = lane_get(&got, k->bits, i);
                lane_set(&want, k->bits, i, w);
                if (k->bits == 32 ? !f32_lane_ok((uint32_t)g, (uint32_t)w, exact) : !f64_lane_ok(g, w, exact))
                    ok = 0;
            }
            check_vec(k->name, &got, &want, ok, &a, &b);
        }
    }
}

/* Round half to even, written from the definition (floor is exact). */
static double ref_nearest(double x) {
    double f, d, r;
    if (!(fabs(x) < 4503599627370496.0)) /* NaN, infinities, already integral */
        return x;
    f = floor(x);
    d = x - f;
    r = d > 0.5 ? f + 1 : d < 0.5 ? f : (fmod(f, 2.0) == 0 ? f : f + 1);
    return r == 0 ? copysign(0.0, x) : r;
}

enum fuop { FABS, FNEG, FSQRT, FCEIL, FFLOOR, FTRUNC, FNEAREST };
static uint64_t ref_fun(enum fuop op, uint64_t a, int bits, int *exact) {
    double x = bits == 32 ? (double)f32_of((uint32_t)a) : f64_of(a), r = 0;
    uint64_t sign = UINT64_C(1) << (bits - 1);
    *exact = 0;
    switch (op) {
    case FABS: *exact = 1; return a & ~sign;
    case FNEG: *exact = 1; return a ^ sign;
    case FSQRT:
        if (bits == 32)
            return bits_f32(sqrtf(f32_of((uint32_t)a)));
        r = sqrt(x);
        break;
    case FCEIL: r = ceil(x); break;
    case FFLOOR: r = floor(x); break;
    case FTRUNC: r = trunc(x); break;
    case FNEAREST: r = ref_nearest(x); break;
    }
    return bits == 32 ? bits_f32((float)r) : bits_f64(r); /* exact: r is integral or NaN */
}
static void test_float_unary(void) {
    static const struct {
        const char *name;
        un_fn fn;
        int bits;
        enum fuop op;
    } cases[] = {
        {"f32x4_abs", w2cl_f32x4_abs, 32, FABS},         {"f32x4_neg", w2cl_f32x4_neg, 32, FNEG},
        {"f32x4_sqrt", w2cl_f32x4_sqrt, 32, FSQRT},      {"f32x4_ceil", w2cl_f32x4_ceil, 32, FCEIL},
        {"f32x4_floor", w2cl_f32x4_floor, 32, FFLOOR},   {"f32x4_trunc", w2cl_f32x4_trunc, 32, FTRUNC},
        {"f32x4_nearest", w2cl_f32x4_nearest, 32, FNEAREST},
        {"f64x2_abs", w2cl_f64x2_abs, 64, FABS},         {"f64x2_neg", w2cl_f64x2_neg, 64, FNEG},
        {"f64x2_sqrt", w2cl_f64x2_sqrt, 64, FSQRT},      {"f64x2_ceil", w2cl_f64x2_ceil, 64, FCEIL},
        {"f64x2_floor", w2cl_f64x2_floor, 64, FFLOOR},   {"f64x2_trunc", w2cl_f64x2_trunc, 64, FTRUNC},
        {"f64x2_nearest", w2cl_f64x2_nearest, 64, FNEAREST},
    };
    size_t c;
    int it, i;
    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int bits = cases[c].bits;
        for (it = 0; it < ITER; it++) {
            vec a = rand_float_vec(bits), want, got;
            int ok = 1, exact;
            got = B(cases[c].fn(V(a)));
            for (i = 0; i < 128 / bits; i++) {
                uint64_t w = ref_fun(cases[c].op, lane_get(&a, bits, i), bits, &exact), g = lane_get(&got, bits, i);
                lane_set(&want, bits, i, w);
                if (bits == 32 ? !f32_lane_ok((uint32_t)g, (uint32_t)w, exact) : !f64_lane_ok(g, w, exact))
                    ok = 0;
            }
            check_vec(cases[c].name, &got, &want, ok, &a, NULL);
        }
    }
}

/* ---- Conversions ------------------------------------------------------------ */

static uint32_t ref_trunc_sat_s(double x) {
    if (x != x)
        return 0;
    if (x >= 2147483648.0)
        return 0x7fffffffu;
    if (x <= -2147483649.0)
        return 0x80000000u;
    return (uint32_t)(int32_t)x;
}
static uint32_t ref_trunc_sat_u(double x) {
    if (x != x || x <= -1.0)
        return 0;
    if (x >= 4294967296.0)
        return 0xffffffffu;
    return (uint32_t)x;
}

static const uint32_t u32_convert_pool[] = {0, 1, 0x7fffffff, 0x80000000, 0x80000001, 0x800000ff, 0x80000080,
                                            0x80000081, 0xffffff7f, 0xffffff80, 0xffffff81, 0xffffffff,
                                            0x01000001, 0x01000003, 0x00ffffff, 0xfffffffe, 0x7fffffc0};

static void test_conversions(void) {
    int it, i;
    for (it = 0; it < ITER; it++) {
        vec f = rand_float_vec(32), d = rand_float_vec(64), n = rand_int_vec(32), want, got;
        int ok;
        if (it % 2) /* conversion rounding cases */
            for (i = 0; i < 4; i++)
                lane_set(&n, 32, i, u32_convert_pool[rnd() % (sizeof u32_convert_pool / sizeof u32_convert_pool[0])]);

        for (i = 0; i < 4; i++)
            lane_set(&want, 32, i, ref_trunc_sat_s(f32_of((uint32_t)lane_get(&f, 32, i))));
        got = B(w2cl_i32x4_trunc_sat_f32x4_s(V(f)));
        check_vec("i32x4_trunc_sat_f32x4_s", &got, &want, same(&got, &want), &f, NULL);

        for (i = 0; i < 4; i++)
            lane_set(&want, 32, i, ref_trunc_sat_u(f32_of((uint32_t)lane_get(&f, 32, i))));
        got = B(w2cl_i32x4_trunc_sat_f32x4_u(V(f)));
        check_vec("i32x4_trunc_sat_f32x4_u", &got, &want, same(&got, &want), &f, NULL);

        memset(want.b, 0, 16);
        for (i = 0; i < 2; i++)
            lane_set(&want, 32, i, ref_trunc_sat_s(f64_of(lane_get(&d, 64, i))));
        got = B(w2cl_i32x4_trunc_sat_f64x2_s_zero(V(d)));
        check_vec("i32x4_trunc_sat_f64x2_s_zero", &got, &want, same(&got, &want), &d, NULL);

        memset(want.b, 0, 16);
        for (i = 0; i < 2; i++)
            lane_set(&want, 32, i, ref_trunc_sat_u(f64_of(lane_get(&d, 64, i))));
        got = B(w2cl_i32x4_trunc_sat_f64x2_u_zero(V(d)));
        check_vec("i32x4_trunc_sat_f64x2_u_zero", &got, &want, same(&got, &want), &d, NULL);

        for (i = 0; i < 4; i++)
            lane_set(&want, 32, i, bits_f32((float)(int32_t)sx(lane_get(&n, 32, i), 32)));
        got = B(w2cl_f32x4_convert_i32x4_s(V(n)));
        check_vec("f32x4_convert_i32x4_s", &got, &want, same(&got, &want), &n, NULL);

        for (i = 0; i < 4; i++)
            lane_set(&want, 32, i, bits_f32((float)(uint32_t)lane_get(&n, 32, i)));
        got = B(w2cl_f32x4_convert_i32x4_u(V(n)));
        check_vec("f32x4_convert_i32x4_u", &got, &want, same(&got, &want), &n, NULL);

        for (i = 0; i < 2; i++)
            lane_set(&want, 64, i, bits_f64((double)sx(lane_get(&n, 32, i), 32)));
        got = B(w2cl_f64x2_convert_low_i32x4_s(V(n)));
        check_vec("f64x2_convert_low_i32x4_s", &got, &want, same(&got, &want), &n, NULL);

        for (i = 0; i < 2; i++)
            lane_set(&want, 64, i, bits_f64((double)lane_get(&n, 32, i)));
        got = B(w2cl_f64x2_convert_low_i32x4_u(V(n)));
        check_vec("f64x2_convert_low_i32x4_u", &got, &want, same(&got, &want), &n, NULL);

        memset(want.b, 0, 16);
        for (i = 0; i < 2; i++)
            lane_set(&want, 32, i, bits_f32((float)f64_of(lane_get(&d, 64, i))));
        got = B(w2cl_f32x4_demote_f64x2_zero(V(d)));
        ok = vec_float_ok(&got, &want, 32, 0);
        check_vec("f32x4_demote_f64x2_zero", &got, &want, ok, &d, NULL);

        for (i = 0; i < 2; i++)
            lane_set(&want, 64, i, bits_f64((double)f32_of((uint32_t)lane_get(&f, 32, i))));
        got = B(w2cl_f64x2_promote_low_f32x4(V(f)));
        ok = vec_float_ok(&got, &want, 64, 0);
        check_vec("f64x2_promote_low_f32x4", &got, &want, ok, &f, NULL);
    }
}

/* ---- Constants, splats, lanes, shuffles, bitselect ----------------------------- */

static void test_const_splat_lanes(void) {
    int it, i, lane;
    vec want, got;

    memset(want.b, 0, 16);
    got = B(w2cl_v128_zero());
    check_vec("v128_zero", &got, &want, same(&got, &want), NULL, NULL);

    for (i = 0; i < 16; i++)
        want.b[i] = (uint8_t)(0xa0 + i);
    got = B(w2cl_v128_const(UINT64_C(0xa7a6a5a4a3a2a1a0), UINT64_C(0xafaeadacabaaa9a8)));
    check_vec("v128_const", &got, &want, same(&got, &want), NULL, NULL);

    for (it = 0; it < ITER; it++) {
        vec a = rand_bytes(), f = rand_float_vec(32), d = rand_float_vec(64);
        uint64_t x = rnd(), lo, hi;
        lo = lane_get(&a, 64, 0);
        hi = lane_get(&a, 64, 1);
        got = B(w2cl_v128_const(lo, hi));
        check_vec("v128_const", &got, &a, same(&got, &a), NULL, NULL);

        for (i = 0; i < 16; i++)
            lane_set(&want, 8, i, x & 0xff);
        got = B(w2cl_i8x16_splat((uint32_t)x));
        check_vec("i8x16_splat", &got, &want, same(&got, &want), NULL, NULL);
        for (i = 0; i < 8; i++)
            lane_set(&want, 16, i, x & 0xffff);
        got = B(w2cl_i16x8_splat((uint32_t)x));
        check_vec("i16x8_splat", &got, &want, same(&got, &want), NULL, NULL);
        for (i = 0; i < 4; i++)
            lane_set(&want, 32, i, x & 0xffffffffu);
        got = B(w2cl_i32x4_splat((uint32_t)x));
        check_vec("i32x4_splat", &got, &want, same(&got, &want), NULL, NULL);
        for (i = 0; i < 2; i++)
            lane_set(&want, 64, i, x);
        got = B(w2cl_i64x2_splat(x));
        check_vec("i64x2_splat", &got, &want, same(&got, &want), NULL, NULL);
        for (i = 0; i < 4; i++) /* NaN payloads survive */
            lane_set(&want, 32, i, lane_get(&f, 32, 0));
        got = B(w2cl_f32x4_splat(f32_of((uint32_t)lane_get(&f, 32, 0))));
        check_vec("f32x4_splat", &got, &want, same(&got, &want), &f, NULL);
        for (i = 0; i < 2; i++)
            lane_set(&want, 64, i, lane_get(&d, 64, 0));
        got = B(w2cl_f64x2_splat(f64_of(lane_get(&d, 64, 0))));
        check_vec("f64x2_splat", &got, &want, same(&got, &want), &d, NULL);

        /* Every lane index (a variable here: the out-of-line path). */
        for (lane = 0; lane < 16; lane++) {
            uint64_t v8 = lane_get(&a, 8, lane);
            check_u64("i8x16_extract_lane_s", w2cl_i8x16_extract_lane_s(V(a), (unsigned)lane),
                      (uint64_t)sx(v8, 8) & 0xffffffffu, &a);
            check_u64("i8x16_extract_lane_u", w2cl_i8x16_extract_lane_u(V(a), (unsigned)lane), v8, &a);
            want = a;
            lane_set(&want, 8, lane, x & 0xff);
            got = B(w2cl_i8x16_replace_lane(V(a), (unsigned)lane, (uint32_t)x));
            check_vec("i8x16_replace_lane", &got, &want, same(&got, &want), &a, NULL);
        }
        for (lane = 0; lane < 8; lane++) {
            uint64_t v16 = lane_get(&a, 16, lane);
            check_u64("i16x8_extract_lane_s", w2cl_i16x8_extract_lane_s(V(a), (unsigned)lane),
                      (uint64_t)sx(v16, 16) & 0xffffffffu, &a);
            check_u64("i16x8_extract_lane_u", w2cl_i16x8_extract_lane_u(V(a), (unsigned)lane), v16, &a);
            want = a;
            lane_set(&want, 16, lane, x & 0xffff);
            got = B(w2cl_i16x8_replace_lane(V(a), (unsigned)lane, (uint32_t)x));
            check_vec("i16x8_replace_lane", &got, &want, same(&got, &want), &a, NULL);
        }
        for (lane = 0; lane < 4; lane++) {
            check_u64("i32x4_extract_lane", w2cl_i32x4_extract_lane(V(a), (unsigned)lane), lane_get(&a, 32, lane), &a);
            want = a;
            lane_set(&want, 32, lane, x & 0xffffffffu);
            got = B(w2cl_i32x4_replace_lane(V(a), (unsigned)lane, (uint32_t)x));
            check_vec("i32x4_replace_lane", &got, &want, same(&got, &want), &a, NULL);
            check_u64("f32x4_extract_lane", bits_f32(w2cl_f32x4_extract_lane(V(f), (unsigned)lane)),
                      lane_get(&f, 32, lane), &f);
            want = a;
            lane_set(&want, 32, lane, lane_get(&f, 32, 3 - lane));
            got = B(w2cl_f32x4_replace_lane(V(a), (unsigned)lane, f32_of((uint32_t)lane_get(&f, 32, 3 - lane))));
            check_vec("f32x4_replace_lane", &got, &want, same(&got, &want), &a, &f);
        }
        for (lane = 0; lane < 2; lane++) {
            check_u64("i64x2_extract_lane", w2cl_i64x2_extract_lane(V(a), (unsigned)lane), lane_get(&a, 64, lane), &a);
            want = a;
            lane_set(&want, 64, lane, x);
            got = B(w2cl_i64x2_replace_lane(V(a), (unsigned)lane, x));
            check_vec("i64x2_replace_lane", &got, &want, same(&got, &want), &a, NULL);
            check_u64("f64x2_extract_lane", bits_f64(w2cl_f64x2_extract_lane(V(d), (unsigned)lane)),
                      lane_get(&d, 64, lane), &d);
            want = a;
            lane_set(&want, 64, lane, lane_get(&d, 64, 1 - lane));
            got = B(w2cl_f64x2_replace_lane(V(a), (unsigned)lane, f64_of(lane_get(&d, 64, 1 - lane))));
            check_vec("f64x2_replace_lane", &got, &want, same(&got, &want), &a, &d);
        }
    }
    /* Constant lane indices, as generated code passes them. */
    {
        vec a;
        for (i = 0; i < 16; i++)
            a.b[i] = (uint8_t)(0xf0 + i);
        check_u64("i8x16_extract_lane_s", w2cl_i8x16_extract_lane_s(V(a), 15), 0xffffffffu, &a);
        check_u64("i16x8_extract_lane_u", w2cl_i16x8_extract_lane_u(V(a), 3), 0xf7f6, &a);
        check_u64("i32x4_extract_lane", w2cl_i32x4_extract_lane(V(a), 2), 0xfbfaf9f8u, &a);
        check_u64("i64x2_extract_lane", w2cl_i64x2_extract_lane(V(a), 1), UINT64_C(0xfffefdfcfbfaf9f8), &a);
        want = a;
        want.b[6] = 0x34;
        want.b[7] = 0x12;
        got = B(w2cl_i16x8_replace_lane(V(a), 3, 0xabcd1234u));
        check_vec("i16x8_replace_lane", &got, &want, same(&got, &want), &a, NULL);
    }
}

static vec ref_shuffle(const vec *a, const vec *b, const uint8_t idx[16]) {
    vec r;
    int i;
    for (i = 0; i < 16; i++)
        r.b[i] = idx[i] < 16 ? a->b[idx[i]] : b->b[idx[i] - 16];
    return r;
}
static void pack_indices(const uint8_t idx[16], uint64_t *lo, uint64_t *hi) {
    int i;
    *lo = *hi = 0;
    for (i = 0; i < 8; i++) {
        *lo |= (uint64_t)idx[i] << (8 * i);
        *hi |= (uint64_t)idx[i + 8] << (8 * i);
    }
}
/* Through a pointer: the shuffle with non-constant indices. */
static w2cl_v128 (*volatile shuffle_ptr)(w2cl_v128, w2cl_v128, uint64_t, uint64_t) = w2cl_i8x16_shuffle;

static void check_const_shuffle(const char *label, w2cl_v128 got_v, const vec *a, const vec *b, const uint8_t idx[16]) {
    vec want = ref_shuffle(a, b, idx), got = B(got_v);
    check_vec(label, &got, &want, same(&got, &want), a, b);
}

static void test_shuffles(void) {
    int it, i;
    for (it = 0; it < ITER; it++) {
        vec a = rand_bytes(), b = rand_bytes(), s = rand_bytes(), want, got, c = rand_bytes();
        uint8_t idx[16];
        uint64_t lo, hi;
        for (i = 0; i < 16; i++)
            idx[i] = (uint8_t)(rnd() % 32);
        pack_indices(idx, &lo, &hi);
        want = ref_shuffle(&a, &b, idx);
        got = B(shuffle_ptr(V(a), V(b), lo, hi));
        check_vec("i8x16_shuffle", &got, &want, same(&got, &want), &a, &b);

        /* swizzle: indices mostly near the 16 boundary, some large. */
        for (i = 0; i < 16; i++) {
            if (it % 4 != 0)
                s.b[i] = (uint8_t)(rnd() % 20);
            want.b[i] = s.b[i] < 16 ? a.b[s.b[i]] : 0;
        }
        got = B(w2cl_i8x16_swizzle(V(a), V(s)));
        check_vec("i8x16_swizzle", &got, &want, same(&got, &want), &a, &s);

        for (i = 0; i < 16; i++)
            want.b[i] = (uint8_t)((a.b[i] & c.b[i]) | (b.b[i] & ~c.b[i]));
        got = B(w2cl_v128_bitselect(V(a), V(b), V(c)));
        check_vec("v128_bitselect", &got, &want, same(&got, &want), &a, &b);
    }
    /* Constant masks, inlined as the translator emits them. */
    {
        vec a, b;
        static const uint8_t ident[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        static const uint8_t both[16] = {31, 0, 14, 1, 13, 2, 12, 3, 17, 16, 0, 1, 2, 3, 4, 11};
        static const uint8_t bcast[16] = {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
        static const uint8_t interleave[16] = {0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23};
        static const uint8_t only_b[16] = {16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
        for (i = 0; i < 16; i++) {
            a.b[i] = (uint8_t)i;
            b.b[i] = (uint8_t)(0x80 + i);
        }
        check_const_shuffle("i8x16_shuffle ident",
                            w2cl_i8x16_shuffle(V(a), V(b), UINT64_C(0x0706050403020100), UINT64_C(0x0f0e0d0c0b0a0908)),
                            &a, &b, ident);
        check_const_shuffle("i8x16_shuffle both",
                            w2cl_i8x16_shuffle(V(a), V(b), UINT64_C(0x030c020d010e001f), UINT64_C(0x0b04030201001011)),
                            &a, &b, both);
        check_const_shuffle("i8x16_shuffle bcast",
                            w2cl_i8x16_shuffle(V(a), V(b), UINT64_C(0x0505050505050505), UINT64_C(0x0505050505050505)),
                            &a, &b, bcast);
        check_const_shuffle("i8x16_shuffle interleave",
                            w2cl_i8x16_shuffle(V(a), V(b), UINT64_C(0x1303120211011000), UINT64_C(0x1707160615051404)),
                            &a, &b, interleave);
        check_const_shuffle("i8x16_shuffle only_b",
                            w2cl_i8x16_shuffle(V(a), V(b), UINT64_C(0x1716151413121110), UINT64_C(0x1f1e1d1c1b1a1918)),
                            &a, &b, only_b);
    }
}

/* ---- Memory --------------------------------------------------------------------- */

#define MEM_SIZE 64
static uint8_t mem_bytes[MEM_SIZE];

static void mem_reset(w2cl_memory *m) {
    int i;
    for (i = 0; i < MEM_SIZE; i++)
        mem_bytes[i] = (uint8_t)(i * 37 + 11);
    memset(m, 0, sizeof *m);
    m->data = mem_bytes;
    m->size = MEM_SIZE;
    m->pages = 1;
    m->max_pages = 1;
}

typedef w2cl_v128 (*load_fn)(const w2cl_memory *, uint64_t);

/* 1 if f(m, ea) traps with "out of bounds memory access". */
static int load_traps(load_fn f, const w2cl_memory *m, uint64_t ea) {
    w2cl_trap_frame fr;
    w2cl_push_frame(&fr);
    if (setjmp(fr.jmp) == 0) {
        (void)f(m, ea);
        w2cl_pop_frame(&fr);
        return 0;
    }
    return fr.status == W2CL_TRAP_MEMORY_OOB;
}
static int store_traps(w2cl_memory *m, uint64_t ea, w2cl_v128 v) {
    w2cl_trap_frame fr;
    w2cl_push_frame(&fr);
    if (setjmp(fr.jmp) == 0) {
        w2cl_v128_store(m, ea, v);
        w2cl_pop_frame(&fr);
        return 0;
    }
    return fr.status == W2CL_TRAP_MEMORY_OOB;
}
static int lane_load_traps(int which, const w2cl_memory *m, uint64_t ea, w2cl_v128 v) {
    w2cl_trap_frame fr;
    w2cl_push_frame(&fr);
    if (setjmp(fr.jmp) == 0) {
        switch (which) {
        case 8: (void)w2cl_v128_load8_lane(m, ea, v, 0); break;
        case 16: (void)w2cl_v128_load16_lane(m, ea, v, 0); break;
        case 32: (void)w2cl_v128_load32_lane(m, ea, v, 0); break;
        default: (void)w2cl_v128_load64_lane(m, ea, v, 0); break;
        }
        w2cl_pop_frame(&fr);
        return 0;
    }
    return fr.status == W2CL_TRAP_MEMORY_OOB;
}
static int lane_store_traps(int which, w2cl_memory *m, uint64_t ea, w2cl_v128 v) {
    w2cl_trap_frame fr;
    w2cl_push_frame(&fr);
    if (setjmp(fr.jmp) == 0) {
        switch (which) {
        case 8: w2cl_v128_store8_lane(m, ea, v, 0); break;
        case 16: w2cl_v128_store16_lane(m, ea, v, 0); break;
        case 32: w2cl_v128_store32_lane(m, ea, v, 0); break;
        default: w2cl_v128_store64_lane(m, ea, v, 0); break;
        }
        w2cl_pop_frame(&fr);
        return 0;
    }
    return fr.status == W2CL_TRAP_MEMORY_OOB;
}

static void test_memory(void) {
    static const struct {
        const char *name;
        load_fn fn;
        int size;
        int kind; /* 0 full, 1 extend (nbits, signed), 2 splat (nbits), 3 zero */
        int nbits, is_signed;
    } loads[] = {
        {"v128_load", w2cl_v128_load, 16, 0, 0, 0},
        {"v128_load8x8_s", w2cl_v128_load8x8_s, 8, 1, 8, 1},
        {"v128_load8x8_u", w2cl_v128_load8x8_u, 8, 1, 8, 0},
        {"v128_load16x4_s", w2cl_v128_load16x4_s, 8, 1, 16, 1},
        {"v128_load16x4_u", w2cl_v128_load16x4_u, 8, 1, 16, 0},
        {"v128_load32x2_s", w2cl_v128_load32x2_s, 8, 1, 32, 1},
        {"v128_load32x2_u", w2cl_v128_load32x2_u, 8, 1, 32, 0},
        {"v128_load8_splat", w2cl_v128_load8_splat, 1, 2, 8, 0},
        {"v128_load16_splat", w2cl_v128_load16_splat, 2, 2, 16, 0},
        {"v128_load32_splat", w2cl_v128_load32_splat, 4, 2, 32, 0},
        {"v128_load64_splat", w2cl_v128_load64_splat, 8, 2, 64, 0},
        {"v128_load32_zero", w2cl_v128_load32_zero, 4, 3, 32, 0},
        {"v128_load64_zero", w2cl_v128_load64_zero, 8, 3, 64, 0},
    };
    w2cl_memory m;
    size_t c;
    int ea, i, lane, w;
    mem_reset(&m);
    for (c = 0; c < sizeof loads / sizeof loads[0]; c++) {
        int size = loads[c].size, nb = loads[c].nbits;
        for (ea = 0; ea + size <= MEM_SIZE; ea++) {
            vec src, want, got;
            memset(src.b, 0, 16);
            memcpy(src.b, mem_bytes + ea, (size_t)size);
            memset(want.b, 0, 16);
            switch (loads[c].kind) {
            case 0: want = src; break;
            case 1:
                for (i = 0; i < 64 / nb; i++) {
                    uint64_t x = lane_get(&src, nb, i);
                    lane_set(&want, 2 * nb, i, loads[c].is_signed ? (uint64_t)sx(x, nb) & mask_of(2 * nb) : x);
                }
                break;
            case 2:
                for (i = 0; i < 128 / nb; i++)
                    lane_set(&want, nb, i, lane_get(&src, nb, 0));
                break;
            default: want = src; break;
            }
            got = B(loads[c].fn(&m, (uint64_t)ea));
            check_vec(loads[c].name, &got, &want, same(&got, &want), &src, NULL);
        }
        /* Out of bounds: one byte past the end, and far beyond 32 bits. */
        check_u64(loads[c].name, (uint64_t)load_traps(loads[c].fn, &m, (uint64_t)(MEM_SIZE - size + 1)), 1, NULL);
        check_u64(loads[c].name, (uint64_t)load_traps(loads[c].fn, &m, UINT64_C(0x100000000)), 1, NULL);
        check_u64(loads[c].name, (uint64_t)load_traps(loads[c].fn, &m, (uint64_t)(MEM_SIZE - size)), 0, NULL);
    }

    /* v128.store */
    for (ea = 0; ea + 16 <= MEM_SIZE; ea += 3) {
        vec v = rand_bytes(), got;
        uint8_t expect_mem[MEM_SIZE];
        mem_reset(&m);
        memcpy(expect_mem, mem_bytes, MEM_SIZE);
        memcpy(expect_mem + ea, v.b, 16);
        w2cl_v128_store(&m, (uint64_t)ea, V(v));
        memcpy(got.b, mem_bytes + ea, 16);
        check_vec("v128_store", &got, &v, memcmp(expect_mem, mem_bytes, MEM_SIZE) == 0, &v, NULL);
    }
    {
        vec v = rand_bytes();
        uint8_t before[MEM_SIZE];
        mem_reset(&m);
        memcpy(before, mem_bytes, MEM_SIZE);
        check_u64("v128_store oob", (uint64_t)store_traps(&m, MEM_SIZE - 15, V(v)), 1, NULL);
        check_u64("v128_store oob leaves memory", (uint64_t)memcmp(before, mem_bytes, MEM_SIZE), 0, NULL);
    }

    /* Lane loads and stores, every lane, every width. */
    for (w = 8; w <= 64; w *= 2) {
        int n = w / 8;
        for (lane = 0; lane < 128 / w; lane++) {
            for (ea = 0; ea + n <= MEM_SIZE; ea += 3) {
                vec v = rand_bytes(), want = v, got, mem_want;
                w2cl_v128 r;
                mem_reset(&m);
                memcpy(want.b + lane * n, mem_bytes + ea, (size_t)n);
                switch (w) {
                case 8: r = w2cl_v128_load8_lane(&m, (uint64_t)ea, V(v), (unsigned)lane); break;
                case 16: r = w2cl_v128_load16_lane(&m, (uint64_t)ea, V(v), (unsigned)lane); break;
                case 32: r = w2cl_v128_load32_lane(&m, (uint64_t)ea, V(v), (unsigned)lane); break;
                default: r = w2cl_v128_load64_lane(&m, (uint64_t)ea, V(v), (unsigned)lane); break;
                }
                got = B(r);
                check_vec(w == 8 ? "v128_load8_lane" : w == 16 ? "v128_load16_lane" : w == 32 ? "v128_load32_lane"
                                                                                              : "v128_load64_lane",
                          &got, &want, same(&got, &want), &v, NULL);

                switch (w) {
                case 8: w2cl_v128_store8_lane(&m, (uint64_t)ea, V(v), (unsigned)lane); break;
                case 16: w2cl_v128_store16_lane(&m, (uint64_t)ea, V(v), (unsigned)lane); break;
                case 32: w2cl_v128_store32_lane(&m, (uint64_t)ea, V(v), (unsigned)lane); break;
                default: w2cl_v128_store64_lane(&m, (uint64_t)ea, V(v), (unsigned)lane); break;
                }
                memset(mem_want.b, 0, 16);
                memset(got.b, 0, 16);
                memcpy(mem_want.b, v.b + lane * n, (size_t)n);
                memcpy(got.b, mem_bytes + ea, (size_t)n);
                check_vec(w == 8 ? "v128_store8_lane" : w == 16 ? "v128_store16_lane"
                                                        : w == 32 ? "v128_store32_lane"
                                                                  : "v128_store64_lane",
                          &got, &mem_want, same(&got, &mem_want), &v, NULL);
            }
        }
        mem_reset(&m);
        check_u64("lane load oob", (uint64_t)lane_load_traps(w, &m, (uint64_t)(MEM_SIZE - n + 1), w2cl_v128_zero()), 1,
                  NULL);
        check_u64("lane store oob", (uint64_t)lane_store_traps(w, &m, (uint64_t)(MEM_SIZE - n + 1), w2cl_v128_zero()), 1,
                  NULL);
        check_u64("lane load in bounds", (uint64_t)lane_load_traps(w, &m, (uint64_t)(MEM_SIZE - n), w2cl_v128_zero()), 0,
                  NULL);
    }
}

/* ---- Hand-picked spec cases (documentation as much as test) ---------------------- */

static w2cl_v128 f32x4(float a, float b, float c, float d) {
    vec v;
    lane_set(&v, 32, 0, bits_f32(a));
    lane_set(&v, 32, 1, bits_f32(b));
    lane_set(&v, 32, 2, bits_f32(c));
    lane_set(&v, 32, 3, bits_f32(d));
    return V(v);
}
static void expect_f32x4(const char *name, w2cl_v128 r, float a, float b, float c, float d) {
    vec got = B(r), want = B(f32x4(a, b, c, d));
    check_vec(name, &got, &want, same(&got, &want), NULL, NULL);
}

static void test_spec_examples(void) {
    float inf = (float)INFINITY;
    vec got, want;
    int i;
    /* nearest rounds half to even, keeps the sign of zero */
    expect_f32x4("f32x4_nearest halves", w2cl_f32x4_nearest(f32x4(0.5f, 1.5f, 2.5f, -0.5f)), 0.0f, 2.0f, 2.0f, -0.0f);
    expect_f32x4("f32x4_ceil", w2cl_f32x4_ceil(f32x4(-0.5f, 0.5f, -1.5f, inf)), -0.0f, 1.0f, -1.0f, inf);
    expect_f32x4("f32x4_floor", w2cl_f32x4_floor(f32x4(-0.5f, 0.5f, -1.5f, -inf)), -1.0f, 0.0f, -2.0f, -inf);
    expect_f32x4("f32x4_trunc", w2cl_f32x4_trunc(f32x4(-0.5f, 0.5f, -1.5f, 2.75f)), -0.0f, 0.0f, -1.0f, 2.0f);
    /* min/max order -0 below +0 in either operand order */
    expect_f32x4("f32x4_min zeros", w2cl_f32x4_min(f32x4(0.0f, -0.0f, 1.0f, -inf), f32x4(-0.0f, 0.0f, 2.0f, 0.0f)), -0.0f,
                 -0.0f, 1.0f, -inf);
    expect_f32x4("f32x4_max zeros", w2cl_f32x4_max(f32x4(0.0f, -0.0f, 1.0f, -inf), f32x4(-0.0f, 0.0f, 2.0f, 0.0f)), 0.0f,
                 0.0f, 2.0f, 0.0f);
    /* pmin/pmax are plain selects: equal zeros give the first operand */
    expect_f32x4("f32x4_pmin zeros", w2cl_f32x4_pmin(f32x4(0.0f, -0.0f, 1.0f, 3.0f), f32x4(-0.0f, 0.0f, 2.0f, 2.0f)),
                 0.0f, -0.0f, 1.0f, 2.0f);
    /* trunc_sat bounds */
    got = B(w2cl_i32x4_trunc_sat_f32x4_s(f32x4(2147483648.0f, -2147483904.0f, (float)NAN, -1.5f)));
    lane_set(&want, 32, 0, 0x7fffffff);
    lane_set(&want, 32, 1, 0x80000000);
    lane_set(&want, 32, 2, 0);
    lane_set(&want, 32, 3, 0xffffffff);
    check_vec("i32x4_trunc_sat_f32x4_s bounds", &got, &want, same(&got, &want), NULL, NULL);
    got = B(w2cl_i32x4_trunc_sat_f32x4_u(f32x4(4294967296.0f, 4294967040.0f, -0.75f, 2147483648.0f)));
    lane_set(&want, 32, 0, 0xffffffff);
    lane_set(&want, 32, 1, 0xffffff00);
    lane_set(&want, 32, 2, 0);
    lane_set(&want, 32, 3, 0x80000000);
    check_vec("i32x4_trunc_sat_f32x4_u bounds", &got, &want, same(&got, &want), NULL, NULL);
    /* q15mulr: the one saturating case, and rounding */
    {
        vec a, b;
        static const uint16_t x[8] = {0x8000, 0x8000, 0x4000, 0x7fff, 0xffff, 0x0001, 0xc000, 0x8001};
        static const uint16_t y[8] = {0x8000, 0x7fff, 0x4000, 0x7fff, 0x0001, 0x4000, 0x8000, 0x8000};
        static const uint16_t r[8] = {0x7fff, 0x8001, 0x2000, 0x7ffe, 0x0000, 0x0001, 0x4000, 0x7fff};
        for (i = 0; i < 8; i++) {
            lane_set(&a, 16, i, x[i]);
            lane_set(&b, 16, i, y[i]);
            lane_set(&want, 16, i, r[i]);
        }
        got = B(w2cl_i16x8_q15mulr_sat_s(V(a), V(b)));
        check_vec("i16x8_q15mulr_sat_s examples", &got, &want, same(&got, &want), &a, &b);
    }
    /* abs wraps at INT_MIN */
    got = B(w2cl_i32x4_abs(w2cl_i32x4_splat(0x80000000u)));
    want = B(w2cl_i32x4_splat(0x80000000u));
    check_vec("i32x4_abs INT_MIN", &got, &want, same(&got, &want), NULL, NULL);
}

int main(void) {
    test_int_binary();
    test_int_unary();
    test_shifts();
    test_reductions();
    test_extend();
    test_extmul();
    test_extadd_dot_narrow();
    test_float_binary();
    test_float_unary();
    test_conversions();
    test_const_splat_lanes();
    test_shuffles();
    test_memory();
    test_spec_examples();
    printf("simd_ops_test: %s path (SSE2 %d, SSSE3 %d, SSE4.1 %d, NEON64 %d)\n",
           W2CL_SIMD_VECTOR ? "vector" : "portable", W2CL_HAS_SSE2, W2CL_HAS_SSSE3, W2CL_HAS_SSE41, W2CL_HAS_NEON64);
    if (failures) {
        printf("simd_ops_test: %lu of %lu checks failed\n", failures, checks);
        return 1;
    }
    printf("simd_ops_test: %lu checks passed\n", checks);
    return 0;
}
