/* memory.grow when the embedder's allocator refuses: grow returns -1, the
   memory keeps its size and contents, and the instance keeps working (and
   grows once the allocator has room again). Instantiation with no room at
   all gives W2CL_ALLOC_ERROR, then free is fine. Links alloc_budget.c in
   place of rt/w2cl_alloc.c. */
#include "alloc_budget.h"
#include "check.h"
#include "embed.h"

#define PAGE 65536u

static uint32_t maybe_trap(void *ctx, uint32_t x) {
    (void)ctx;
    if (x)
        w2cl_trap(W2CL_TRAP_HOST);
    return 7;
}

static uint32_t callback(void *ctx, uint32_t x) {
    return embed_twice((embed_instance *)ctx, x) + 1;
}

int main(void) {
    static embed_instance inst;
    embed_imports imports = {maybe_trap, NULL, callback, &inst};

    /* No room for the initial page. */
    budget_bytes = PAGE - 1;
    CHECK_EQ(embed_instantiate(&inst, &imports), W2CL_ALLOC_ERROR);
    CHECK(budget_refusals > 0);
    embed_free(&inst);
    CHECK_EQ(budget_used, 0);

    budget_bytes = (size_t)-1;
    CHECK_EQ(embed_instantiate(&inst, &imports), W2CL_OK);
    CHECK_EQ(budget_used, PAGE);

    w2cl_trap_frame f;
    w2cl_push_frame(&f);
    if (setjmp(f.jmp) == 0) {
        embed_store(&inst, 0, 42);
        embed_store(&inst, PAGE - 4, 43);
        /* Growing to 2 pages needs a 2-page block while the old one lives. */
        budget_refusals = 0;
        budget_bytes = budget_used + PAGE;
        CHECK_EQ(embed_grow(&inst, 1), (uint32_t)-1);
        CHECK(budget_refusals > 0);
        CHECK_EQ(embed_size(&inst), 1);
        CHECK_EQ(embed_mem(&inst)->pages, 1);
        CHECK_EQ(embed_load(&inst, 0), 42);
        CHECK_EQ(embed_load(&inst, PAGE - 4), 43);
        CHECK_EQ(embed_call__back(&inst, 3), 8); /* still working */
        embed_store(&inst, 4, 44);

        /* Room again: it grows, contents intact. */
        budget_bytes = budget_used + 2 * PAGE;
        CHECK_EQ(embed_grow(&inst, 1), 1);
        CHECK_EQ(embed_size(&inst), 2);
        CHECK_EQ(embed_load(&inst, 4), 44);
        CHECK_EQ(embed_load(&inst, PAGE - 4), 43);
        embed_store(&inst, PAGE, 45);
        CHECK_EQ(budget_used, 2 * PAGE);

        /* Refused again, for a bigger step within the declared maximum. */
        budget_bytes = budget_used + 4 * PAGE;
        CHECK_EQ(embed_grow(&inst, 6), (uint32_t)-1);
        CHECK_EQ(embed_size(&inst), 2);
        CHECK_EQ(embed_load(&inst, PAGE), 45);
        /* Past the declared maximum (8) fails whatever the allocator says. */
        budget_bytes = (size_t)-1;
        CHECK_EQ(embed_grow(&inst, 7), (uint32_t)-1);
        CHECK_EQ(embed_grow(&inst, 6), 2);
        CHECK_EQ(embed_size(&inst), 8);
        CHECK_EQ(embed_load(&inst, PAGE), 45);
        w2cl_pop_frame(&f);
    } else {
        printf("unexpected trap: %s\n", w2cl_status_text(f.status));
        check_failures++;
    }
    embed_free(&inst);
    CHECK_EQ(budget_used, 0);
    return check_done("alloc_refuse");
}
