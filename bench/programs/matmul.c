/* Floating point: dense double matrix multiply C = A*B (i-k-j order), repeated. */
#include "bench.h"

#ifndef N
#define N 320
#endif
#ifndef REPS
#define REPS 30
#endif

static double A[N * N], B[N * N], C[N * N];

static void matmul(void) {
    int i, j, k;
    for (i = 0; i < N * N; i++)
        C[i] = 0;
    for (i = 0; i < N; i++)
        for (k = 0; k < N; k++) {
            double a = A[i * N + k];
            double *c = &C[i * N];
            const double *b = &B[k * N];
            for (j = 0; j < N; j++)
                c[j] += a * b[j];
        }
}

BENCH_EXPORT uint64_t run(void) {
    uint32_t seed = 4242;
    uint64_t h = 0;
    int i, r;
    for (i = 0; i < N * N; i++) {
        A[i] = (double)(bench_rand(&seed) % 2001) / 1000.0 - 1.0;
        B[i] = (double)(bench_rand(&seed) % 2001) / 1000.0 - 1.0;
    }
    for (r = 0; r < REPS; r++) {
        matmul();
        /* feed a little of the result back so repetitions differ */
        for (i = 0; i < N; i++)
            A[i * N + (i + r) % N] = C[i * N + i] * 1e-3;
        h = bench_mix64(h, bench_f64_bits(C[(r * 7919) % (N * N)]));
    }
    for (i = 0; i < N * N; i += 97)
        h = bench_mix64(h, bench_f64_bits(C[i]));
    return h;
}
