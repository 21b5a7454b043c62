/*
 * Heap-free instances (translated with --heap-free --max-memory-pages 2
 * --max-table-elements 4) linked with alloc_abort.c: instantiating two
 * instances side by side, calling, growing within the cap, the segments
 * and freeing must never reach the allocator. Also checks the trap handler
 * hook (w2cl_set_trap_handler). Prints "heapfree: ok" on success.
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "heapfree.h"

static int failures;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) {                                                              \
            printf("heapfree: FAIL line %d: %s\n", __LINE__, #cond);                \
            failures++;                                                             \
        }                                                                           \
    } while (0)

/* Calls `expr` (a uint32_t wasm call) under a trap frame; the trap status in *st. */
#define GUARDED(st, out, expr)                                                      \
    do {                                                                            \
        w2cl_trap_frame f_;                                                         \
        w2cl_push_frame(&f_);                                                       \
        if (setjmp(f_.jmp) == 0) {                                                  \
            (out) = (expr);                                                         \
            w2cl_pop_frame(&f_);                                                    \
            *(st) = W2CL_OK;                                                        \
        } else {                                                                    \
            *(st) = f_.status;                                                      \
        }                                                                           \
    } while (0)

static heapfree_instance a, b; /* two instances side by side, static storage */

/* ---- The trap handler hook ---------------------------------------------- */

static int seen_calls;
static w2cl_status seen_why;
static void *seen_user;

static void recording_handler(w2cl_status why, void *user) {
    seen_calls++;
    seen_why = why;
    seen_user = user;
}

static jmp_buf task_reset;
static void resetting_handler(w2cl_status why, void *user) {
    (void)user;
    seen_why = why;
    w2cl_reset_trap_state();
    longjmp(task_reset, 1);
}

static void check_trap_handler(void) {
    static int token;
    volatile uint32_t r = 0;
    w2cl_status st;

    /* A handler that returns: called once with the reason before the
       unwinding, which then proceeds to the frame as usual. */
    CHECK(w2cl_set_trap_handler(recording_handler, &token) == NULL);
    GUARDED(&st, r, heapfree_down(&a, 5));
    CHECK(st == W2CL_TRAP_MEMORY_OOB);
    CHECK(seen_calls == 1);
    CHECK(seen_why == W2CL_TRAP_MEMORY_OOB);
    CHECK(seen_user == &token);
    CHECK(w2cl_call_depth == 0);
    GUARDED(&st, r, heapfree_call(&a, 7)); /* past the table: another reason */
    CHECK(st == W2CL_TRAP_UNDEFINED_ELEMENT && seen_why == W2CL_TRAP_UNDEFINED_ELEMENT && seen_calls == 2);

    /* A handler that leaves on its own, as a task reset would. */
    CHECK(w2cl_set_trap_handler(resetting_handler, NULL) == recording_handler);
    if (setjmp(task_reset) == 0) {
        w2cl_trap_frame f;
        w2cl_push_frame(&f); /* left armed by the escape: the reset forgets it */
        if (setjmp(f.jmp) == 0) {
            r = heapfree_down(&a, 3);
            CHECK(!"down(3) returned");
        } else {
            CHECK(!"the frame got the trap although the handler left");
        }
    } else {
        CHECK(seen_why == W2CL_TRAP_MEMORY_OOB);
        CHECK(w2cl_call_depth == 0);
    }
    /* The runtime works as before after the reset. */
    CHECK(w2cl_set_trap_handler(NULL, NULL) == resetting_handler);
    GUARDED(&st, r, heapfree_call(&a, 1));
    CHECK(st == W2CL_OK && r == 2);
    GUARDED(&st, r, heapfree_load8(&a, 0x20000));
    CHECK(st == W2CL_TRAP_MEMORY_OOB && seen_calls == 2); /* no handler now */
}

int main(void) {
    uint32_t r = 0;
    w2cl_status st;

    CHECK(heapfree_instantiate(&a, NULL) == W2CL_OK);
    CHECK(heapfree_instantiate(&b, NULL) == W2CL_OK);

    /* The storage is the instance's own. */
    CHECK(heapfree_memory(&a)->data == (uint8_t *)a.mem0_storage);
    CHECK(heapfree_memory(&b)->data == (uint8_t *)b.mem0_storage);
    CHECK(heapfree_table(&a)->elems == a.tab0_storage);
    CHECK(sizeof a.mem0_storage == 2 * W2CL_PAGE_SIZE); /* min(4 declared, cap 2) */
    CHECK(sizeof a.tab0_storage == 4 * sizeof(void *));

    /* Active data and elements, per instance. */
    CHECK(heapfree_load8(&a, 0) == 'h' && heapfree_load8(&a, 1) == 'i');
    heapfree_store8(&a, 0, 'H');
    CHECK(heapfree_load8(&a, 0) == 'H' && heapfree_load8(&b, 0) == 'h');
    heapfree_set__id(&a, 11);
    heapfree_set__id(&b, 22);
    CHECK(heapfree_get__id(&a) == 11 && heapfree_get__id(&b) == 22);
    CHECK(heapfree_call(&a, 0) == 1 && heapfree_call(&b, 1) == 2);

    /* memory.grow within the cap, then past it (the declared maximum is 4). */
    CHECK(heapfree_size(&a) == 1);
    CHECK(heapfree_grow(&a, 0) == 1);
    CHECK(heapfree_grow(&a, 1) == 1);
    CHECK(heapfree_size(&a) == 2 && heapfree_size(&b) == 1);
    CHECK(heapfree_load32(&a, 0x10000) == 0 && heapfree_load32(&a, 0x1fffc) == 0);
    CHECK(heapfree_load8(&a, 0) == 'H'); /* grown in place */
    heapfree_store8(&a, 0x1ffff, 0x5a);
    CHECK(heapfree_load8(&a, 0x1ffff) == 0x5a);
    CHECK(heapfree_grow(&a, 1) == 0xffffffffu);
    CHECK(heapfree_grow(&b, 2) == 0xffffffffu); /* 1 + 2 > 2 */
    CHECK(heapfree_size(&a) == 2 && heapfree_size(&b) == 1);
    GUARDED(&st, r, heapfree_load8(&b, 0x10000));
    CHECK(st == W2CL_TRAP_MEMORY_OOB);

    /* table.grow within the cap, then past it (no declared maximum). */
    CHECK(heapfree_table__size(&a) == 2);
    GUARDED(&st, r, heapfree_call(&a, 2));
    CHECK(st == W2CL_TRAP_UNDEFINED_ELEMENT);
    CHECK(heapfree_table__grow(&a, 2) == 2);
    CHECK(heapfree_table__size(&a) == 4 && heapfree_table__size(&b) == 2);
    CHECK(heapfree_call(&a, 3) == 3);
    CHECK(heapfree_table__grow(&a, 1) == 0xffffffffu);
    CHECK(heapfree_table__grow(&b, 3) == 0xffffffffu);

    /* Passive segments: memory.init, table.init, then dropped. */
    heapfree_init__passive(&b, 100, 1);
    CHECK(heapfree_load8(&b, 100) == 'X' && heapfree_load8(&b, 102) == 'Z');
    CHECK(heapfree_call(&b, 1) == 3);
    CHECK(heapfree_load8(&a, 100) == 0 && heapfree_call(&a, 1) == 2);
    GUARDED(&st, r, (heapfree_init__passive(&b, 100, 1), 0u)); /* dropped: out of bounds */
    CHECK(st == W2CL_TRAP_MEMORY_OOB);

    check_trap_handler();

    /* Free and instantiate again: a fresh state in the same storage. */
    heapfree_free(&a);
    heapfree_free(&a); /* twice is harmless */
    CHECK(heapfree_instantiate(&a, NULL) == W2CL_OK);
    CHECK(heapfree_size(&a) == 1 && heapfree_table__size(&a) == 2);
    CHECK(heapfree_load8(&a, 0) == 'h' && heapfree_get__id(&a) == 0);
    CHECK(heapfree_grow(&a, 1) == 1);
    CHECK(heapfree_load8(&a, 0x1ffff) == 0); /* the new page is zeroed again */
    CHECK(heapfree_get__id(&b) == 22 && heapfree_load8(&b, 100) == 'X');
    heapfree_free(&a);
    heapfree_free(&b);
    (void)r;

    if (failures)
        return 1;
    printf("heapfree: ok\n");
    return 0;
}
