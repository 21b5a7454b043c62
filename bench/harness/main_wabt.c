/* wabt wasm2c harness: the module is translated with `wasm2c -n bm` (bm.h/bm.c, wabt 1.0.32
   naming: Z_bm_*, exports Z_bmZ_NAME, imports Z_envZ_NAME); times Z_bmZ_run(). */
#include "timing.h"
#include "host.h"
#include "bm.h"
#include "wasm-rt-impl.h"

#ifdef BENCH_HOST_IMPORT
u32 Z_envZ_host_mix(struct Z_env_instance_t *env, u32 x) {
    (void)env;
    return bench_host_mix(x);
}
#endif

int main(void) {
    static Z_bm_instance_t inst;
    wasm_rt_trap_t trap;
    volatile uint64_t r = 0;
    volatile double t0 = 0, t1 = 0;
    wasm_rt_init();
    Z_bm_init_module();
#ifdef BENCH_HOST_IMPORT
    Z_bm_instantiate(&inst, NULL); /* the env instance pointer our import ignores */
#else
    Z_bm_instantiate(&inst);
#endif
    trap = wasm_rt_impl_try();
    if (trap == WASM_RT_TRAP_NONE) {
        t0 = bench_now();
        r = Z_bmZ_run(&inst);
        t1 = bench_now();
    } else {
        fprintf(stderr, "trap: %s\n", wasm_rt_strerror(trap));
        return 1;
    }
    bench_report(t1 - t0, r);
    Z_bm_free(&inst);
    wasm_rt_free();
    return 0;
}
