/*
 * Common header of the benchmark programs. Each program defines exactly one
 * entry point, `uint32_t run(void)` or `uint64_t run(void)` (BENCH_EXPORT in
 * front), returning a checksum. The same source builds natively (gcc/clang
 * with harness/main_native.c) and to wasm32 with clang, without libc.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

#if defined(__wasm__)
#define BENCH_EXPORT __attribute__((export_name("run")))
/* An import from the host: module "env", the given name. */
#define BENCH_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
#else
#define BENCH_EXPORT
#define BENCH_IMPORT(name)
#endif

#define bench_memcpy __builtin_memcpy
#define bench_memset __builtin_memset
#define bench_sqrt __builtin_sqrt

/* Deterministic pseudo-random numbers (xorshift32). */
static inline uint32_t bench_rand(uint32_t *s) {
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *s = x;
    return x;
}

/* Folds a 64-bit value into a running checksum. */
static inline uint64_t bench_mix64(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h;
}

static inline uint64_t bench_f64_bits(double d) {
    uint64_t b;
    __builtin_memcpy(&b, &d, 8);
    return b;
}

#endif
