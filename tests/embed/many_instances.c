/* 1000 instances created, used (including a trap and a memory.grow) and
   freed in a loop, on the heap and in reused static storage; another 1000
   whose instantiation traps. Built with -fsanitize=address, so
   LeakSanitizer fails the run if anything is left allocated at exit. */
#include "check.h"
#include "embed.h"
#include "start_trap.h"

static uint32_t maybe_trap(void *ctx, uint32_t x) {
    (void)ctx;
    if (x)
        w2cl_trap(W2CL_TRAP_HOST);
    return 7;
}

static uint32_t callback(void *ctx, uint32_t x) {
    return embed_twice((embed_instance *)ctx, x) + 1;
}

enum { N = 1000 };

/* Uses one instance: memory, a callback, a grow and a trap. */
static void use(embed_instance *inst, uint32_t i) {
    w2cl_trap_frame f;
    w2cl_push_frame(&f);
    if (setjmp(f.jmp) == 0) {
        CHECK_EQ(embed_load(inst, 16), 0); /* fresh memory every time */
        embed_store(inst, 16, i);
        CHECK_EQ(embed_grow(inst, 1 + i % 3), 1);
        embed_store(inst, 65536, i);
        CHECK_EQ(embed_call__back(inst, i), 2 * i + 2);
        embed_call__import(inst, 1); /* traps */
        w2cl_pop_frame(&f);
        CHECK(!"trap expected");
    } else {
        CHECK_EQ(f.status, W2CL_TRAP_HOST);
    }
    CHECK_EQ(embed_load(inst, 16), i);
}

int main(void) {
    static embed_instance reused;
    for (uint32_t i = 0; i < N; i++) {
        embed_instance *inst = (i & 1) ? malloc(sizeof *inst) : &reused;
        CHECK(inst != NULL);
        embed_imports imports = {maybe_trap, NULL, callback, inst};
        w2cl_status s = embed_instantiate(inst, &imports);
        CHECK_EQ(s, W2CL_OK);
        if (s == W2CL_OK)
            use(inst, i);
        embed_free(inst);
        if (i & 1)
            free(inst);
    }
    for (uint32_t i = 0; i < N; i++) {
        w2cl_global g = {W2CL_I32, 0, {0}};
        g.value.i32 = i % 3;
        start_trap_imports imports = {&g, maybe_trap, NULL};
        start_trap_instance *inst = malloc(sizeof *inst);
        CHECK(inst != NULL);
        CHECK(start_trap_instantiate(inst, &imports) != W2CL_OK);
        start_trap_free(inst);
        free(inst);
    }
    CHECK_EQ(w2cl_call_depth, 0);
    return check_done("many_instances");
}
