/* Native harness: times run() of a program compiled directly by gcc or clang. */
#include "timing.h"
#include "host.h"

BENCH_RET run(void);

/* The import of programs/hostcall.c; a separate translation unit, so not inlined (no LTO). */
uint32_t host_mix(uint32_t x);
uint32_t host_mix(uint32_t x) { return bench_host_mix(x); }

int main(void) {
    double t0 = bench_now();
    uint64_t r = run();
    double t1 = bench_now();
    bench_report(t1 - t0, r);
    return 0;
}
