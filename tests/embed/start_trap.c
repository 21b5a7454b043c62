/* A trap during instantiation (the start function traps after memory,
   table, element and data segments are in place): instantiate returns the
   trap's status, and PREFIX_free then releases everything (LeakSanitizer
   checks) and may be called again. A missing import gives W2CL_LINK_ERROR,
   and free is fine after that too. No frame is armed by the caller. */
#include "check.h"
#include "start_trap.h"

static uint32_t maybe_trap(void *ctx, uint32_t x) {
    (void)ctx;
    if (x)
        w2cl_trap(W2CL_TRAP_HOST);
    return 7;
}

int main(void) {
    static const w2cl_status want[3] = {W2CL_TRAP_UNREACHABLE, W2CL_TRAP_HOST, W2CL_TRAP_MEMORY_OOB};
    for (uint32_t mode = 0; mode < 3; mode++) {
        w2cl_global g = {W2CL_I32, 0, {0}};
        g.value.i32 = mode;
        start_trap_imports imports = {&g, maybe_trap, NULL};
        start_trap_instance *inst = malloc(sizeof *inst);
        CHECK(inst != NULL);
        CHECK_EQ(start_trap_instantiate(inst, &imports), want[mode]);
        CHECK_EQ(w2cl_call_depth, 0);
        start_trap_free(inst);
        start_trap_free(inst); /* idempotent */
        free(inst);
    }

    /* A missing import. */
    static start_trap_instance inst;
    start_trap_imports missing = {NULL, maybe_trap, NULL};
    CHECK_EQ(start_trap_instantiate(&inst, &missing), W2CL_LINK_ERROR);
    start_trap_free(&inst);

    /* The same storage reused after a trap. */
    w2cl_global g = {W2CL_I32, 0, {0}};
    start_trap_imports imports = {&g, maybe_trap, NULL};
    CHECK_EQ(start_trap_instantiate(&inst, &imports), W2CL_TRAP_UNREACHABLE);
    start_trap_free(&inst);
    g.value.i32 = 1;
    CHECK_EQ(start_trap_instantiate(&inst, &imports), W2CL_TRAP_HOST);
    start_trap_free(&inst);
    return check_done("start_trap");
}
