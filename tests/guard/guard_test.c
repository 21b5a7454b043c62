/*
 * Guard-page mode (W2CL_GUARD_PAGES, rt/w2cl_guard.c): built with the macro
 * for this file and the runtime. Out-of-bounds accesses anywhere in the
 * reachable range trap, again and again (the signal is not left blocked),
 * also on a thread whose stack is all but used up; growth makes pages
 * accessible; 64-bit memories stay checked; a fault outside every guard
 * region still kills the process (and reaches a handler installed before).
 * Prints "N passed, N failed"; exits nonzero on any failure.
 */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "w2cl.h"
#include "w2cl_ops.h"

static int passed, failed;

#define CHECK(cond)                                                \
    do {                                                           \
        if (cond) {                                                \
            passed++;                                              \
        } else {                                                   \
            failed++;                                              \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
        }                                                          \
    } while (0)

/* The status `expr` ends with under a trap frame (W2CL_OK: no trap). */
#define STATUS_OF(expr, out)                \
    do {                                    \
        w2cl_trap_frame tf_;                \
        w2cl_push_frame(&tf_);              \
        if (setjmp(tf_.jmp) == 0) {         \
            (void)(expr);                   \
            w2cl_pop_frame(&tf_);           \
            (out) = W2CL_OK;                \
        } else {                            \
            (out) = tf_.status;             \
        }                                   \
    } while (0)

static w2cl_memory mem;

static w2cl_status load_at(uint64_t ea) {
    w2cl_status s;
    STATUS_OF(w2cl_i32_load(&mem, ea), s);
    return s;
}
static w2cl_status store_at(uint64_t ea) {
    w2cl_status s;
    STATUS_OF(w2cl_i64_store(&mem, ea, 1), s);
    return s;
}

/* ---- A trap with almost no stack left ----------------------------------- */

static char *stack_lo;
static volatile w2cl_status deep_status = W2CL_OK;

/* Recurses until less than 2 KiB of the thread's stack are left (too little
   for the kernel's signal frame), then loads out of bounds. */
__attribute__((noinline)) static void descend(void) {
    volatile char pad[256];
    pad[0] = 1;
    if ((char *)pad - stack_lo > 2048) {
        descend();
    } else {
        w2cl_status s;
        STATUS_OF(w2cl_i32_load(&mem, mem.size), s);
        deep_status = s;
    }
    pad[1] = pad[0];
}

static void *deep_thread(void *arg) {
    (void)arg;
    w2cl_guard_init(); /* as w2cl_push_frame does when a thread enters wasm */
    descend();
    return NULL;
}

static void test_near_stack_end(void) {
    size_t n = 256 * 1024;
    pthread_attr_t attr;
    pthread_t t;
    void *stack = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(stack != MAP_FAILED);
    stack_lo = (char *)stack;
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, stack, n);
    CHECK(pthread_create(&t, &attr, deep_thread, NULL) == 0);
    pthread_join(t, NULL);
    CHECK(deep_status == W2CL_TRAP_MEMORY_OOB);
    pthread_attr_destroy(&attr);
    munmap(stack, n);
}

/* ---- Faults that are not ours ------------------------------------------- */

static void earlier_handler(int sig) {
    (void)sig;
    _exit(42);
}

/* In a child: a null-pointer write with a frame armed; how the child ends. */
static int foreign_fault(int with_handler) {
    pid_t pid = fork();
    int st = 0;
    if (pid == 0) {
        static volatile int *volatile null_ptr;
        w2cl_memory m2;
        w2cl_trap_frame f;
        if (with_handler)
            signal(SIGSEGV, earlier_handler);
        w2cl_memory_init(&m2, 1, 1, 1); /* installs the fault handler after it */
        w2cl_push_frame(&f);
        if (setjmp(f.jmp) == 0)
            *null_ptr = 1;
        _exit(7); /* trapped: wrong */
    }
    waitpid(pid, &st, 0);
    return st;
}

int main(void) {
    w2cl_memory m64;
    uint64_t far = UINT64_C(0xffffffff) + UINT64_C(0xffffffff); /* the largest effective address */
    int st, i;

    CHECK(w2cl_guard_init() == W2CL_OK);
    CHECK(w2cl_memory_init(&mem, 1, 3, 1) == W2CL_OK);
    CHECK(load_at(0) == W2CL_OK);
    CHECK(load_at(65532) == W2CL_OK);
    /* Several in a row: each fault must be delivered like the first. */
    for (i = 0; i < 5; i++) {
        CHECK(load_at(65533) == W2CL_TRAP_MEMORY_OOB);
        CHECK(store_at(65536) == W2CL_TRAP_MEMORY_OOB);
    }
    CHECK(load_at(far) == W2CL_TRAP_MEMORY_OOB);
    CHECK(store_at(far) == W2CL_TRAP_MEMORY_OOB);
    CHECK(load_at(UINT64_C(1) << 32) == W2CL_TRAP_MEMORY_OOB);

    /* Growth in place: the new page reads zero, the one after still traps. */
    {
        uint8_t *data = mem.data;
        CHECK(w2cl_memory_grow(&mem, 1) == 1);
        CHECK(mem.data == data);
        CHECK(load_at(65536) == W2CL_OK && w2cl_i32_load(&mem, 65536) == 0);
        CHECK(store_at(131064) == W2CL_OK);
        CHECK(store_at(131065) == W2CL_TRAP_MEMORY_OOB);
        CHECK(w2cl_memory_grow(&mem, 2) == 0xffffffffu); /* past the maximum */
    }

    /* Bulk operations check explicitly. */
    {
        w2cl_status s;
        STATUS_OF(w2cl_memory_fill(&mem, 131000, 0, 100), s);
        CHECK(s == W2CL_TRAP_MEMORY_OOB);
    }

    /* A 64-bit memory has no guard region: its accesses are checked. */
    {
        w2cl_status s;
        CHECK(w2cl_memory64_init(&m64, 1, 1, 1) == W2CL_OK);
        STATUS_OF(w2cl_i32_load(&m64, w2cl_ea_checked(&m64, w2cl_ea64(&m64, 65534, 0), 4)), s);
        CHECK(s == W2CL_TRAP_MEMORY_OOB);
        w2cl_memory_free(&m64);
    }
    /* Caller storage cannot be guarded: refused. */
    {
        static uint8_t storage[W2CL_PAGE_SIZE];
        w2cl_memory ms;
        CHECK(w2cl_memory_init_static(&ms, storage, 1, 1, 1, 1) == W2CL_ALLOC_ERROR);
    }

    test_near_stack_end();

    /* Not in a guard region: the default action, or the earlier handler. */
    st = foreign_fault(0);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
    st = foreign_fault(1);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42);

    /* Many memories: reservations are released. */
    for (i = 0; i < 2000; i++) {
        w2cl_memory m;
        if (w2cl_memory_init(&m, 1, 1, 1) != W2CL_OK) {
            CHECK(!"memory_init failed");
            break;
        }
        w2cl_memory_free(&m);
    }
    CHECK(load_at(131072) == W2CL_TRAP_MEMORY_OOB);
    w2cl_memory_free(&mem);

    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
