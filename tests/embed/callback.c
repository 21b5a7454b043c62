/* An import that calls back into the instance that called it: plain
   re-entry, a trap caught inside the host between two wasm activations, and
   a trap that unwinds through the host frames to the embedder. */
#include "check.h"
#include "embed.h"

static embed_instance inst;
static int mode; /* 0: call twice; 1: catch a trap of div locally; 2: let div trap;
                    3: call call_back again, `rounds` times */
static uint32_t rounds;

static uint32_t maybe_trap(void *ctx, uint32_t x) {
    (void)ctx;
    if (x)
        w2cl_trap(W2CL_TRAP_HOST);
    return 7;
}

static uint32_t callback(void *ctx, uint32_t x) {
    embed_instance *self = (embed_instance *)ctx;
    CHECK(self == &inst);
    if (mode == 0)
        return embed_twice(self, x) + 1;
    if (mode == 1) {
        w2cl_trap_frame f;
        volatile uint32_t r = 0;
        w2cl_push_frame(&f);
        if (setjmp(f.jmp) == 0) {
            r = embed_div(self, x, 0);
            w2cl_pop_frame(&f);
        } else {
            CHECK_EQ(f.status, W2CL_TRAP_DIV_BY_ZERO);
            r = 0xdead;
        }
        /* Depth back to the count at the host's frame: wasm call_back is active. */
        CHECK(w2cl_call_depth >= 1);
        /* The instance can be called again from here. */
        return r + embed_twice(self, 1);
    }
    if (mode == 3) {
        /* Each round adds one wasm frame (call_back) below this host frame,
           and the depth the caller passed on counts exactly those. */
        CHECK_EQ(w2cl_call_depth, x);
        if (x == rounds)
            return 0;
        return embed_call__back(self, x + 1);
    }
    return embed_div(self, x, 0);
}

int main(void) {
    embed_imports imports = {maybe_trap, NULL, callback, &inst};
    CHECK_EQ(embed_instantiate(&inst, &imports), W2CL_OK);

    w2cl_trap_frame f;
    w2cl_push_frame(&f);
    if (setjmp(f.jmp) == 0) {
        mode = 0;
        CHECK_EQ(embed_call__back(&inst, 5), 12);        /* (2*5 + 1) + 1 */
        CHECK_EQ(embed_calls(&inst)->value.i32, 1);      /* twice ran once */
        mode = 1;
        CHECK_EQ(embed_call__back(&inst, 5), 0xdead + 2 + 1);
        CHECK_EQ(embed_calls(&inst)->value.i32, 2);
        CHECK_EQ(w2cl_call_depth, 0);
        mode = 3;
        rounds = 50;
        CHECK_EQ(embed_call__back(&inst, 1), 50); /* 0 + 1 per round on the way back */
        CHECK_EQ(w2cl_call_depth, 0);
        w2cl_pop_frame(&f);
    } else {
        CHECK(!"no trap expected");
    }

    volatile int caught = 0;
    w2cl_push_frame(&f);
    if (setjmp(f.jmp) == 0) {
        mode = 2;
        embed_call__back(&inst, 5);
        w2cl_pop_frame(&f);
    } else {
        caught = 1;
        CHECK_EQ(f.status, W2CL_TRAP_DIV_BY_ZERO);
    }
    CHECK(caught);
    CHECK_EQ(w2cl_call_depth, 0);

    /* Usable afterwards. */
    w2cl_push_frame(&f);
    if (setjmp(f.jmp) == 0) {
        mode = 0;
        CHECK_EQ(embed_call__back(&inst, 20), 42);
        w2cl_pop_frame(&f);
    } else {
        CHECK(!"no trap expected");
    }
    embed_free(&inst);
    return check_done("callback");
}
