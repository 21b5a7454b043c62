/*
 * Host threads on one shared memory (run by run.py): owner.wat defines a
 * shared memory and exports it; two instances A and B of threads.wat import
 * it. Checks:
 *   - two threads on instance A, then one on A and one on B, incrementing
 *     counters with i32/i64 rmw.add, an i32 cmpxchg loop and rmw8.add_u:
 *     the totals are exact;
 *   - memory.atomic.wait32 really blocks: a thread waits (infinite timeout)
 *     and the main thread's notify wakes it (notify returns 1, wait 0);
 *     notify wakes at most `count` of three wait64 waiters; a waiter in a
 *     wasm loop around wait is released by a store plus notify;
 *   - wait returns 1 when the value differs and 2 after its timeout;
 *   - traps: unaligned atomic access, wait on an unshared memory;
 *   - memory.grow of the shared memory in place, seen by every instance.
 * Prints one PASS/FAIL line per check and "N passed, N failed".
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "owner.h"
#include "threads.h"
#include "unshared.h"

#ifndef ROUNDS
#define ROUNDS 1000000
#endif

static int passed, failed;

static void check(int ok, const char *what) {
    printf("%s %s\n", ok ? "PASS" : "FAIL", what);
    fflush(stdout);
    if (ok)
        passed++;
    else
        failed++;
}

static owner_instance owner;
static threads_instance inst_a, inst_b;
static unshared_instance unshared;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&ts, NULL);
}

/* ---- Calls into wasm under a trap frame (each thread has its own) ---------- */

typedef enum { ADD32, ADD64, CASINC, ADD8 } counter_op;

/* Runs `op` ROUNDS times on `inst`; the trap status (W2CL_OK when none). */
static w2cl_status count(threads_instance *inst, counter_op op) {
    w2cl_trap_frame f;
    w2cl_push_frame(&f);
    if (setjmp(f.jmp) == 0) {
        switch (op) {
        case ADD32: threads_add32(inst, ROUNDS); break;
        case ADD64: threads_add64(inst, ROUNDS); break;
        case CASINC: threads_casinc(inst, ROUNDS); break;
        case ADD8: threads_add8(inst, ROUNDS); break;
        }
        w2cl_pop_frame(&f);
    }
    return f.status;
}

typedef struct {
    threads_instance *inst;
    w2cl_status status;
    uint32_t result;
    int kind; /* 0: wait32 on 32, 1: wait64 on 40, 2: waitnonzero on 48 */
} job;

/* Both counter threads start counting together (GCC/Clang atomics). */
static int gate;

static void *counter_thread(void *arg) {
    job *j = (job *)arg;
    int op;
    j->status = W2CL_OK;
    __atomic_add_fetch(&gate, 1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&gate, __ATOMIC_SEQ_CST) < 2)
        ;
    for (op = ADD32; op <= ADD8 && j->status == W2CL_OK; op++)
        j->status = count(j->inst, (counter_op)op);
    return NULL;
}

static void *waiter_thread(void *arg) {
    job *j = (job *)arg;
    w2cl_trap_frame f;
    w2cl_push_frame(&f);
    if (setjmp(f.jmp) == 0) {
        if (j->kind == 0)
            j->result = threads_wait32(j->inst, 32, 0, (uint64_t)-1);
        else if (j->kind == 1)
            j->result = threads_wait64(j->inst, 40, 0, (uint64_t)-1);
        else
            j->result = threads_waitnonzero(j->inst, 48);
        w2cl_pop_frame(&f);
    }
    j->status = f.status;
    return NULL;
}

/* Guarded single calls from the main thread. */
#define GUARDED(st, call)                \
    do {                                 \
        w2cl_trap_frame f_;              \
        w2cl_push_frame(&f_);            \
        if (setjmp(f_.jmp) == 0) {       \
            call;                        \
            w2cl_pop_frame(&f_);         \
        }                                \
        (st) = f_.status;                \
    } while (0)

static void run_counters(threads_instance *first, threads_instance *second, const char *what) {
    volatile uint32_t c32_0 = 0, c16_0 = 0, c8_0 = 0, c32 = 0, c16 = 0, c8 = 0;
    volatile uint64_t c64_0 = 0, c64 = 0;
    w2cl_status s;
    pthread_t t1, t2;
    job j1, j2;
    char msg[160];
    memset(&j1, 0, sizeof j1);
    memset(&j2, 0, sizeof j2);
    GUARDED(s, (c32_0 = threads_load32(first, 0), c64_0 = threads_load64(first, 8),
                c16_0 = threads_load32(first, 16), c8_0 = threads_load8(first, 24)));
    j1.inst = first;
    j2.inst = second;
    __atomic_store_n(&gate, 0, __ATOMIC_SEQ_CST);
    pthread_create(&t1, NULL, counter_thread, &j1);
    pthread_create(&t2, NULL, counter_thread, &j2);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    snprintf(msg, sizeof msg, "%s: no trap", what);
    check(s == W2CL_OK && j1.status == W2CL_OK && j2.status == W2CL_OK, msg);
    GUARDED(s, (c32 = threads_load32(second, 0), c64 = threads_load64(second, 8),
                c16 = threads_load32(second, 16), c8 = threads_load8(second, 24)));
    snprintf(msg, sizeof msg, "%s: i32 rmw.add total %u (want %u)", what, c32 - c32_0, 2u * ROUNDS);
    check(s == W2CL_OK && c32 - c32_0 == 2u * ROUNDS, msg);
    snprintf(msg, sizeof msg, "%s: i64 rmw.add total %llu (want %u)", what,
             (unsigned long long)(c64 - c64_0), 2u * ROUNDS);
    check(c64 - c64_0 == 2u * ROUNDS, msg);
    snprintf(msg, sizeof msg, "%s: cmpxchg loop total %u (want %u)", what, c16 - c16_0, 2u * ROUNDS);
    check(c16 - c16_0 == 2u * ROUNDS, msg);
    snprintf(msg, sizeof msg, "%s: rmw8.add_u total %u mod 256 (want %u)", what, (c8 - c8_0) & 255u,
             (2u * ROUNDS) & 255u);
    check(((c8 - c8_0) & 255u) == ((2u * ROUNDS) & 255u), msg);
}

/* Notifies `addr` until `want` waiters were woken in all (10 s at most),
   never asking for more than are still wanted; 1000 when a notify woke
   more than it asked for. */
static uint32_t notify_until(threads_instance *inst, uint32_t addr, uint32_t want) {
    volatile uint32_t woken = 0, n = 0; /* volatile: set between setjmp and a longjmp */
    double end = now() + 10;
    w2cl_status s = W2CL_OK;
    while (woken < want && now() < end && s == W2CL_OK) {
        GUARDED(s, n = threads_notify(inst, addr, want - woken));
        if (n > want - woken)
            return 1000;
        woken += n;
        if (woken < want)
            sleep_ms(1);
    }
    return woken;
}

int main(void) {
    owner_imports no_imports;
    threads_imports imports;
    w2cl_extern exported[4];
    size_t nexp;
    w2cl_status s;
    volatile uint32_t r = 0;
    double t0, elapsed;
    int i;

    memset(&no_imports, 0, sizeof no_imports);
    check(owner_instantiate(&owner, &no_imports) == W2CL_OK, "owner instantiates");
    check(owner_memory(&owner)->shared == 1, "the exported memory is shared");
    nexp = owner_exports(&owner, "owner", exported, 4);
    check(threads_resolve_imports(&imports, exported, nexp) == W2CL_OK, "imports resolve");
    check(threads_instantiate(&inst_a, &imports) == W2CL_OK, "instance A imports the memory");
    check(threads_instantiate(&inst_b, &imports) == W2CL_OK, "instance B imports the memory");
    check(unshared_instantiate(&unshared, NULL) == W2CL_OK, "unshared instantiates");

    run_counters(&inst_a, &inst_a, "two threads, one instance");
    run_counters(&inst_a, &inst_b, "two threads, two instances");

    /* wait returns at once: value differs (1), timeout 0 (2). */
    GUARDED(s, r = threads_wait32(&inst_a, 0, 12345, (uint64_t)-1));
    check(s == W2CL_OK && r == 1, "wait32 on a different value returns 1");
    GUARDED(s, r = threads_wait64(&inst_a, 40, 0, 0));
    check(s == W2CL_OK && r == 2, "wait64 with timeout 0 returns 2");
    t0 = now();
    GUARDED(s, r = threads_wait32(&inst_b, 32, 0, 30000000)); /* 30 ms */
    elapsed = now() - t0;
    check(s == W2CL_OK && r == 2 && elapsed >= 0.029 && elapsed < 5, "wait32 times out after 30 ms");
    GUARDED(s, r = threads_notify(&inst_a, 32, 5));
    check(s == W2CL_OK && r == 0, "notify without waiters returns 0");

    /* One waiter (instance B), woken by the main thread (instance A). */
    {
        pthread_t t;
        job j;
        memset(&j, 0, sizeof j);
        j.inst = &inst_b;
        j.kind = 0;
        j.result = 99;
        pthread_create(&t, NULL, waiter_thread, &j);
        r = notify_until(&inst_a, 32, 1);
        pthread_join(t, NULL);
        check(r == 1 && j.status == W2CL_OK && j.result == 0,
              "a blocked wait32 is woken by notify (wait returns 0)");
    }

    /* Three wait64 waiters; notify with count 2 wakes two, then the last. */
    {
        pthread_t t[3];
        job j[3];
        int all_ok = 1;
        for (i = 0; i < 3; i++) {
            memset(&j[i], 0, sizeof j[i]);
            j[i].inst = i == 1 ? &inst_b : &inst_a;
            j[i].kind = 1;
            j[i].result = 99;
        }
        for (i = 0; i < 3; i++)
            pthread_create(&t[i], NULL, waiter_thread, &j[i]);
        /* Most likely all three block before the first notify comes. */
        sleep_ms(100);
        r = notify_until(&inst_a, 40, 2);
        check(r == 2, "notify with count 2 wakes two of three waiters, never more");
        r = notify_until(&inst_b, 40, 1);
        check(r == 1, "the third waiter is woken by the next notify");
        for (i = 0; i < 3; i++) {
            pthread_join(t[i], NULL);
            all_ok &= j[i].status == W2CL_OK && j[i].result == 0;
        }
        check(all_ok, "all three wait64 calls returned 0");
    }

    /* A wasm loop around wait: released by a store and a notify. */
    {
        pthread_t t;
        job j;
        memset(&j, 0, sizeof j);
        j.inst = &inst_a;
        j.kind = 2;
        pthread_create(&t, NULL, waiter_thread, &j);
        sleep_ms(50);
        GUARDED(s, (threads_store32(&inst_b, 48, 7), r = threads_notify(&inst_b, 48, 1)));
        pthread_join(t, NULL);
        check(s == W2CL_OK && j.status == W2CL_OK && j.result == 7,
              "store + notify releases a waiter looping in wasm");
    }

    /* Traps. */
    GUARDED(s, threads_load32(&inst_a, 2));
    check(s == W2CL_TRAP_UNALIGNED_ATOMIC, "unaligned i32.atomic.load traps");
    GUARDED(s, threads_wait64(&inst_a, 44, 0, 0));
    check(s == W2CL_TRAP_UNALIGNED_ATOMIC, "unaligned wait64 traps");
    GUARDED(s, threads_load32(&inst_a, 2 * 65536 - 2));
    check(s == W2CL_TRAP_MEMORY_OOB, "atomic load past the end traps out of bounds");
    GUARDED(s, r = unshared_add(&unshared));
    check(s == W2CL_OK && r == 5, "atomics work on an unshared memory");
    GUARDED(s, r = unshared_notify(&unshared));
    check(s == W2CL_OK && r == 0, "notify on an unshared memory returns 0");
    GUARDED(s, unshared_wait32(&unshared));
    check(s == W2CL_TRAP_EXPECTED_SHARED, "wait on an unshared memory traps");
    check(!strcmp(w2cl_status_text(W2CL_TRAP_EXPECTED_SHARED), "expected shared memory") &&
              !strcmp(w2cl_status_text(W2CL_TRAP_UNALIGNED_ATOMIC), "unaligned atomic"),
          "trap texts");

    /* Growth in place: the data pointer stays, every instance sees it. */
    {
        uint8_t *data = owner_memory(&owner)->data;
        volatile uint32_t old = 0, size = 0, last = 0;
        GUARDED(s, (old = owner_grow(&owner, 1), size = owner_size(&owner),
                    threads_store32(&inst_a, 2 * 65536 - 4, 42), last = threads_load32(&inst_b, 2 * 65536 - 4)));
        check(s == W2CL_OK && old == 1 && size == 2 && last == 42 && owner_memory(&owner)->data == data,
              "memory.grow of the shared memory works in place");
        GUARDED(s, old = owner_grow(&owner, 1));
        check(s == W2CL_OK && old == 0xffffffffu, "growth past the maximum fails");
    }

    threads_free(&inst_a);
    threads_free(&inst_b);
    unshared_free(&unshared);
    owner_free(&owner);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
