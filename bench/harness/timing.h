/* Shared by the C harnesses: a monotonic clock and the one output line every variant prints,
   "BENCH <seconds of run()> <checksum as unsigned decimal>". */
#ifndef BENCH_TIMING_H
#define BENCH_TIMING_H
#ifndef _POSIX_C_SOURCE /* a libc header included first has already set it */
#define _POSIX_C_SOURCE 199309L
#endif
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#ifndef BENCH_RET
#error "compile with -DBENCH_RET=uint32_t or uint64_t (the return type of run)"
#endif

static double bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void bench_report(double seconds, uint64_t checksum) {
    printf("BENCH %.9f %llu\n", seconds, (unsigned long long)checksum);
    fflush(stdout);
}
#endif
