/* A trap raised inside an import (host code calling w2cl_trap) unwinds the
   wasm frames that called it and lands in the embedder's armed frame; the
   instance stays usable and the call depth is restored. */
#include "check.h"
#include "embed.h"

static int host_calls;

static uint32_t maybe_trap(void *ctx, uint32_t x) {
    CHECK(ctx == (void *)&host_calls);
    host_calls++;
    if (x)
        w2cl_trap(W2CL_TRAP_HOST);
    return 7;
}

static uint32_t callback(void *ctx, uint32_t x) {
    return embed_twice((embed_instance *)ctx, x) + 1;
}

int main(void) {
    static embed_instance inst;
    embed_imports imports = {maybe_trap, &host_calls, callback, &inst};
    CHECK_EQ(embed_instantiate(&inst, &imports), W2CL_OK);

    w2cl_trap_frame f;
    w2cl_push_frame(&f);
    if (setjmp(f.jmp) == 0) {
        CHECK_EQ(embed_call__import(&inst, 0), 107);
        w2cl_pop_frame(&f);
    } else {
        CHECK(!"no trap expected");
    }
    CHECK_EQ(embed_calls(&inst)->value.i32, 1);
    CHECK_EQ(embed_after(&inst)->value.i32, 1);

    /* The trap: the code after the call in wasm never runs. */
    volatile int reached = 0;
    w2cl_push_frame(&f);
    if (setjmp(f.jmp) == 0) {
        embed_call__import(&inst, 1);
        reached = 1;
        w2cl_pop_frame(&f);
    } else {
        CHECK_EQ(f.status, W2CL_TRAP_HOST);
    }
    CHECK(!reached);
    CHECK_EQ(host_calls, 2);
    CHECK_EQ(embed_calls(&inst)->value.i32, 2);
    CHECK_EQ(embed_after(&inst)->value.i32, 1);
    CHECK_EQ(w2cl_call_depth, 0);

    /* Nested frames: the innermost armed frame gets the trap, the outer one
       stays armed and then catches a later trap. */
    w2cl_trap_frame outer, inner;
    volatile int inner_caught = 0, outer_caught = 0;
    w2cl_push_frame(&outer);
    if (setjmp(outer.jmp) == 0) {
        w2cl_push_frame(&inner);
        if (setjmp(inner.jmp) == 0) {
            embed_call__import(&inst, 1);
            w2cl_pop_frame(&inner);
        } else {
            inner_caught = 1;
            CHECK_EQ(inner.status, W2CL_TRAP_HOST);
        }
        CHECK_EQ(embed_call__import(&inst, 0), 107); /* still works */
        embed_div(&inst, 1, 0);                        /* a wasm trap, to the outer frame */
        w2cl_pop_frame(&outer);
    } else {
        outer_caught = 1;
        CHECK_EQ(outer.status, W2CL_TRAP_DIV_BY_ZERO);
    }
    CHECK(inner_caught && outer_caught);
    CHECK_EQ(w2cl_call_depth, 0);

    /* And the instance keeps working after all that. */
    w2cl_push_frame(&f);
    if (setjmp(f.jmp) == 0) {
        CHECK_EQ(embed_call__import(&inst, 0), 107);
        CHECK_EQ(embed_div(&inst, 42, 6), 7);
        w2cl_pop_frame(&f);
    } else {
        CHECK(!"no trap expected");
    }
    embed_free(&inst);
    return check_done("trap_in_import");
}
