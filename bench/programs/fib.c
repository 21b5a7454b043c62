/* Calls and recursion: naive Fibonacci and the Ackermann function. */
#include "bench.h"

#ifndef FIBN
#define FIBN 38
#endif

__attribute__((noinline)) static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__attribute__((noinline)) static uint32_t ack(uint32_t m, uint32_t n) {
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

/* volatile-free way to keep the argument opaque to constant folding */
static uint32_t opaque = 0;

BENCH_EXPORT uint64_t run(void) {
    uint64_t h = 0;
    h = bench_mix64(h, fib(FIBN + opaque));
    h = bench_mix64(h, ack(2 + opaque, 2000 + opaque));
    h = bench_mix64(h, ack(3 + opaque, 10 + opaque));
    return h;
}
