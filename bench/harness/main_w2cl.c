/* wasm2c-lite harness: the module is translated with `-n bm` (bm.h/bm.c); times bm_run(). */
#include <setjmp.h>
#include "timing.h"
#include "host.h"
#include "bm.h"

#ifdef BENCH_HOST_IMPORT
static uint32_t host_mix(void *ctx, uint32_t x) {
    (void)ctx;
    return bench_host_mix(x);
}
#endif

int main(void) {
    static bm_instance inst;
    static bm_imports imports;
    w2cl_trap_frame frame;
    w2cl_status st;
    volatile uint64_t r = 0;
    volatile double t0 = 0, t1 = 0;
#ifdef BENCH_HOST_IMPORT
    imports.env_host__mix = host_mix;
    imports.env_host__mix_ctx = &inst;
#endif
    st = bm_instantiate(&inst, &imports);
    if (st != W2CL_OK) {
        fprintf(stderr, "instantiate failed: %s\n", w2cl_status_text(st));
        return 1;
    }
    w2cl_push_frame(&frame);
    if (setjmp(frame.jmp) == 0) {
        t0 = bench_now();
        r = bm_run(&inst);
        t1 = bench_now();
        w2cl_pop_frame(&frame);
    } else {
        fprintf(stderr, "trap: %s\n", w2cl_status_text(frame.status));
        return 1;
    }
    bench_report(t1 - t0, r);
    bm_free(&inst);
    return 0;
}
