/* SIMD: f32 dot products, saxpy and an f32 matrix-vector product, plus an i16 dot product with
   i32 accumulation, over 64 KiB arrays, repeated. The reductions keep 16 (f32) / 8 (i32)
   partial sums in a fixed order, so every build rounds identically and the checksum is exact.
   Plain C written so that clang -msimd128 vectorises it for wasm (f32x4/i32x4) and gcc/clang
   -O2 for the host. No FMA anywhere (wasm SIMD has none; the native builds target baseline
   x86-64, which has none either). */
#define BENCH_SIMD 1
#include "bench.h"

#ifndef N
#define N 16384
#endif
#ifndef M
#define M 128 /* matrix-vector: M x M */
#endif
#ifndef REPS
#define REPS 60000
#endif

static float xs[N], ys[N], zs[N], mat[M * M], vin[M], vout[M];
static int16_t ps[N], qs[N];

static float dot(const float *restrict a, const float *restrict b, int n) {
    float acc[16] = {0};
    int i, j;
    for (i = 0; i < n; i += 16)
        for (j = 0; j < 16; j++)
            acc[j] += a[i + j] * b[i + j];
    for (j = 8; j > 0; j /= 2) /* fixed pairwise order */
        for (i = 0; i < j; i++)
            acc[i] += acc[i + j];
    return acc[0];
}

static void saxpy(float *restrict y, const float *restrict x, float a, int n) {
    int i;
    for (i = 0; i < n; i++)
        y[i] = a * x[i] + y[i];
}

static int32_t dot_i16(const int16_t *restrict a, const int16_t *restrict b, int n) {
    int32_t acc[8] = {0};
    int i, j;
    for (i = 0; i < n; i += 8)
        for (j = 0; j < 8; j++)
            acc[j] += (int32_t)a[i + j] * b[i + j];
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

static void matvec(float *restrict out, const float *restrict m, const float *restrict v) {
    int r;
    for (r = 0; r < M; r++)
        out[r] = dot(&m[r * M], v, M);
}

static float rnd_unit(uint32_t *s) { /* in [-1, 1), a multiple of 2^-10 */
    return (float)((int)(bench_rand(s) & 2047) - 1024) * (1.0f / 1024.0f);
}

static uint32_t f32_bits(float f) {
    uint32_t b;
    bench_memcpy(&b, &f, 4);
    return b;
}

BENCH_EXPORT uint64_t run(void) {
    uint32_t seed = 31337;
    uint64_t h = 0;
    int i, r;
    for (i = 0; i < N; i++) {
        xs[i] = rnd_unit(&seed);
        ys[i] = rnd_unit(&seed);
        zs[i] = rnd_unit(&seed);
        ps[i] = (int16_t)(bench_rand(&seed) & 0xffff);
        qs[i] = (int16_t)((bench_rand(&seed) & 0x3ff) - 512);
    }
    for (i = 0; i < M * M; i++)
        mat[i] = rnd_unit(&seed) * 0.125f;
    for (i = 0; i < M; i++)
        vin[i] = rnd_unit(&seed);
    for (r = 0; r < REPS; r++) {
        /* the sign of a alternates, so ys stays bounded */
        float a = (r & 1) ? -0.375f : 0.375f;
        float d1, d2;
        int32_t di;
        saxpy(ys, xs, a, N);
        d1 = dot(xs, ys, N);
        d2 = dot(ys, zs, N);
        saxpy(zs, ys, -0.25f * a, N);
        di = dot_i16(ps, qs, N);
        ps[r % N] = (int16_t)di; /* so repetitions differ */
        matvec(vout, mat, vin);
        for (i = 0; i < M; i++) /* feed back, kept in [-1, 1] */
            vin[i] = vout[i] > 1.0f ? 1.0f : vout[i] < -1.0f ? -1.0f : vout[i];
        h = bench_mix64(h, ((uint64_t)f32_bits(d1) << 32) | f32_bits(d2));
        h = bench_mix64(h, (uint32_t)di);
        h = bench_mix64(h, f32_bits(vout[r % M]));
    }
    for (i = 0; i < N; i += 61)
        h = bench_mix64(h, ((uint64_t)f32_bits(ys[i]) << 32) | f32_bits(zs[i]));
    return h;
}
