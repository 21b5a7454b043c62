/* --direct-imports: imported functions are plain C functions the linker
   binds. Direct calls, calls through the table and re-exports reach them
   with the ctx of the imports struct; a trap in one unwinds as usual; and
   resolving imports by name accepts only the very function bound. */
#include <string.h>

#include "check.h"
#include "direct.h"

static int add_calls;

uint32_t w2cl_import_host_add(void *ctx, uint32_t a, uint32_t b) {
    add_calls++;
    return a + b + *(const uint32_t *)ctx;
}

void w2cl_import_host_fail(void *ctx) {
    CHECK(ctx == NULL);
    w2cl_trap(W2CL_TRAP_HOST);
}

static uint32_t other_add(void *ctx, uint32_t a, uint32_t b) {
    (void)ctx;
    return a - b;
}

int main(void) {
    static direct_instance inst;
    static uint32_t bias = 100;
    direct_imports imports;
    memset(&imports, 0, sizeof imports);
    imports.host_add_ctx = &bias;
    CHECK_EQ(direct_instantiate(&inst, &imports), W2CL_OK);

    w2cl_trap_frame f;
    w2cl_push_frame(&f);
    if (setjmp(f.jmp) == 0) {
        CHECK_EQ(direct_sum(&inst, 2, 3), 105);
        CHECK_EQ(direct_sum__indirect(&inst, 4, 5, 0), 109);
        CHECK_EQ(direct_sum__indirect(&inst, 6, 7, 1), 113);
        CHECK_EQ(direct_add(&inst, 1, 1), 102);
        w2cl_pop_frame(&f);
    } else {
        CHECK(!"no trap expected");
    }
    CHECK_EQ(add_calls, 4);

    volatile int reached = 0;
    w2cl_push_frame(&f);
    if (setjmp(f.jmp) == 0) {
        direct_fail(&inst);
        reached = 1;
        w2cl_pop_frame(&f);
    } else {
        CHECK_EQ(f.status, W2CL_TRAP_HOST);
    }
    CHECK(!reached);
    CHECK_EQ(w2cl_call_depth, 0);

    /* By name: the instance's own export "add" (that very function) and its
       function 1 (the bound "fail") fit; another function of the type of
       "add" does not, nor does the wasm export "fail". */
    w2cl_extern ex[8], list[2];
    size_t n = direct_exports(&inst, "host", ex, 8);
    CHECK_EQ(n, 5); /* tab, sum, sum_indirect, fail, add */
    list[0] = ex[4];
    CHECK(list[0].name_len == 3 && memcmp(list[0].name, "add", 3) == 0);
    list[1] = ex[3];
    CHECK(list[1].name_len == 4 && memcmp(list[1].name, "fail", 4) == 0);
    direct_imports resolved;
    CHECK_EQ(direct_resolve_imports(&resolved, list, 2), W2CL_LINK_ERROR);
    list[1].object = &inst.funcs[1];
    CHECK_EQ(direct_resolve_imports(&resolved, list, 2), W2CL_OK);
    CHECK(resolved.host_add_ctx == &bias);
    w2cl_funcref impostor = *(const w2cl_funcref *)list[0].object;
    impostor.fn = (w2cl_fnptr)other_add;
    list[0].object = &impostor;
    CHECK_EQ(direct_resolve_imports(&resolved, list, 2), W2CL_LINK_ERROR);

    direct_free(&inst);
    return check_done("direct_imports");
}
