/* Host imports in the inner loop: every iteration calls env.host_mix, a function of the
   embedder (the harness of each variant supplies the same function). */
#include "bench.h"

#ifndef CALLS
#define CALLS 100000000
#endif

BENCH_IMPORT(host_mix) uint32_t host_mix(uint32_t x);

BENCH_EXPORT uint32_t run(void) {
    uint32_t i, acc = 1;
    for (i = 0; i < CALLS; i++)
        acc = acc * 31 + host_mix(acc ^ i);
    return acc;
}
