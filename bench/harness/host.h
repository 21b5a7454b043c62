/* The host function imported by programs/hostcall.c ("env" "host_mix"); each variant's
   harness wraps this same body in its own calling convention. */
#ifndef BENCH_HOST_H
#define BENCH_HOST_H
#include <stdint.h>
static inline uint32_t bench_host_mix(uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    return x;
}
#endif
