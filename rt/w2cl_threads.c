/*
 * The threads proposal's blocking part: memory.atomic.wait32/wait64 and
 * memory.atomic.notify (w2cl.h).
 *
 * Waiters queue in one of a fixed number of buckets, chosen by the host
 * address of the cell they wait on: a shared memory never moves, so that
 * address names the cell for its whole life, across every instance that
 * imports the memory. Each bucket is a mutex and a FIFO list of waiters,
 * each waiter a condition variable of its own on the waiting thread's
 * stack. wait compares the value and enqueues under the bucket's mutex,
 * and notify dequeues under it, so a notify that follows a store cannot be
 * missed by a wait that saw the old value.
 *
 * The portability layer is the few lines marked "host": POSIX threads.
 * With W2CL_NO_THREADS, on a freestanding host, or where POSIX threads or
 * the GCC/Clang atomics are missing, the program is taken to have one
 * thread: nothing could change a matching value, so such a wait returns
 * "timed out" (2) at once, and notify finds no waiters.
 */
#if !defined(_POSIX_C_SOURCE) && !defined(W2CL_NO_THREADS)
#define _POSIX_C_SOURCE 200809L /* clock_gettime, pthread_condattr_setclock */
#endif

#include "w2cl.h"

#if !defined(W2CL_NO_THREADS) && (defined(__GNUC__) || defined(__clang__)) && \
    defined(__STDC_HOSTED__) && __STDC_HOSTED__ && (defined(__unix__) || defined(__APPLE__))
#define W2CL_USE_PTHREADS 1
#else
#define W2CL_USE_PTHREADS 0
#ifndef W2CL_NO_THREADS
#define W2CL_NO_THREADS /* w2cl_atomic.h: plain accesses */
#endif
#endif

#include "w2cl_atomic.h"

/* The cell of a wait or notify: traps when out of bounds or unaligned. */
static void *cell(w2cl_memory *m, uint64_t ea, uint64_t n) {
    if (ea + n > m->size)
        w2cl_trap(W2CL_TRAP_MEMORY_OOB);
    if (ea & (n - 1))
        w2cl_trap(W2CL_TRAP_UNALIGNED_ATOMIC);
    return m->data + (size_t)ea;
}

/* Is the cell's value (memory byte order, `n` bytes) the expected one? */
static int cell_holds(void *p, uint64_t n, uint64_t expected) {
    if (n == 4)
        return w2cl_le32(w2cl_aload32((uint32_t *)p)) == (uint32_t)expected;
    return w2cl_le64(w2cl_aload64((uint64_t *)p)) == expected;
}

#if W2CL_USE_PTHREADS

#include <errno.h>
#include <pthread.h>
#include <time.h>

/* host: the clock timed waits count on (monotonic where settable). */
#if defined(CLOCK_MONOTONIC) && !defined(__APPLE__)
#define W2CL_WAIT_CLOCK CLOCK_MONOTONIC
#else
#define W2CL_WAIT_CLOCK CLOCK_REALTIME
#endif

typedef struct waiter {
    struct waiter *next;
    const void *addr;
    int woken;
    pthread_cond_t cond;
} waiter;

typedef struct {
    pthread_mutex_t lock;
    waiter *head, *tail;
} bucket;

enum { NBUCKETS = 64 };
static bucket buckets[NBUCKETS];
static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;

static void init_buckets(void) {
    int i;
    for (i = 0; i < NBUCKETS; i++)
        pthread_mutex_init(&buckets[i].lock, NULL);
}

static bucket *bucket_of(const void *addr) {
    uintptr_t a = (uintptr_t)addr;
    pthread_once(&buckets_once, init_buckets);
    return &buckets[((a >> 2) ^ (a >> 12)) % NBUCKETS];
}

static void unlink_waiter(bucket *b, waiter *w) {
    waiter **pp = &b->head, *prev = NULL;
    while (*pp && *pp != w) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    if (!*pp)
        return;
    *pp = w->next;
    if (b->tail == w)
        b->tail = prev;
}

/* host: the absolute deadline `ns` nanoseconds from now on W2CL_WAIT_CLOCK;
   0 when it lies beyond what a timespec holds (wait without limit). */
static int deadline(int64_t ns, struct timespec *ts) {
    int64_t sec = ns / 1000000000, nsec = ns % 1000000000;
    clock_gettime(W2CL_WAIT_CLOCK, ts);
    nsec += ts->tv_nsec;
    sec += (int64_t)ts->tv_sec + nsec / 1000000000; /* at most ~2^33 + now: no overflow */
    if (sizeof(time_t) < 8 && sec > 0x7fffffff)
        return 0;
    ts->tv_sec = (time_t)sec;
    ts->tv_nsec = (long)(nsec % 1000000000);
    return 1;
}

static uint32_t wait_cell(w2cl_memory *m, uint64_t ea, uint64_t n, uint64_t expected, int64_t timeout) {
    void *p = cell(m, ea, n);
    bucket *b;
    waiter w;
    struct timespec ts;
    int timed;
    if (!m->shared)
        w2cl_trap(W2CL_TRAP_EXPECTED_SHARED);
    b = bucket_of(p);
    pthread_mutex_lock(&b->lock);
    if (!cell_holds(p, n, expected)) {
        pthread_mutex_unlock(&b->lock);
        return 1;
    }
    if (timeout == 0) {
        pthread_mutex_unlock(&b->lock);
        return 2;
    }
    timed = timeout > 0 && deadline(timeout, &ts);
    {
        pthread_condattr_t attr;
        pthread_condattr_init(&attr);
#if defined(CLOCK_MONOTONIC) && !defined(__APPLE__)
        pthread_condattr_setclock(&attr, W2CL_WAIT_CLOCK);
#endif
        pthread_cond_init(&w.cond, &attr);
        pthread_condattr_destroy(&attr);
    }
    w.next = NULL;
    w.addr = p;
    w.woken = 0;
    if (b->tail)
        b->tail->next = &w;
    else
        b->head = &w;
    b->tail = &w;
    while (!w.woken) {
        if (!timed) {
            pthread_cond_wait(&w.cond, &b->lock);
        } else if (pthread_cond_timedwait(&w.cond, &b->lock, &ts) == ETIMEDOUT) {
            break;
        }
    }
    if (!w.woken) /* timed out: still queued (a notify dequeues what it wakes) */
        unlink_waiter(b, &w);
    pthread_mutex_unlock(&b->lock);
    pthread_cond_destroy(&w.cond);
    return w.woken ? 0 : 2;
}

uint32_t w2cl_memory_notify(w2cl_memory *m, uint64_t ea, uint32_t count) {
    void *p = cell(m, ea, 4);
    bucket *b;
    waiter **pp, *prev = NULL;
    uint32_t woken = 0;
    if (!m->shared || count == 0)
        return 0;
    b = bucket_of(p);
    pthread_mutex_lock(&b->lock);
    pp = &b->head;
    while (*pp && woken < count) {
        waiter *w = *pp;
        if (w->addr != p) {
            prev = w;
            pp = &w->next;
            continue;
        }
        *pp = w->next;
        if (b->tail == w)
            b->tail = prev;
        w->woken = 1;
        pthread_cond_signal(&w->cond);
        woken++;
    }
    pthread_mutex_unlock(&b->lock);
    return woken;
}

#else /* one thread */

static uint32_t wait_cell(w2cl_memory *m, uint64_t ea, uint64_t n, uint64_t expected, int64_t timeout) {
    void *p = cell(m, ea, n);
    (void)timeout;
    if (!m->shared)
        w2cl_trap(W2CL_TRAP_EXPECTED_SHARED);
    return cell_holds(p, n, expected) ? 2 : 1;
}

uint32_t w2cl_memory_notify(w2cl_memory *m, uint64_t ea, uint32_t count) {
    (void)cell(m, ea, 4);
    (void)count;
    return 0;
}

#endif

uint32_t w2cl_memory_wait32(w2cl_memory *m, uint64_t ea, uint32_t expected, int64_t timeout_ns) {
    return wait_cell(m, ea, 4, expected, timeout_ns);
}

uint32_t w2cl_memory_wait64(w2cl_memory *m, uint64_t ea, uint64_t expected, int64_t timeout_ns) {
    return wait_cell(m, ea, 8, expected, timeout_ns);
}
