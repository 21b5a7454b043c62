/*
 * Guard-page memories (W2CL_GUARD_PAGES, see w2cl.h): the reservations
 * and the fault handler that turns an access outside a memory into the
 * out-of-bounds trap.
 *
 * 64-bit POSIX hosts with GCC or Clang only. Without the macro this file
 * compiles to nothing, so portable and firmware builds never see mmap or
 * signals.
 */
#ifdef W2CL_GUARD_PAGES

#if !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE)
#define _XOPEN_SOURCE 700 /* sigaltstack, SA_ONSTACK, ucontext_t */
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* glibc: MAP_ANONYMOUS, MAP_NORESERVE beside _XOPEN_SOURCE */
#endif
#ifndef _DARWIN_C_SOURCE
#define _DARWIN_C_SOURCE /* macOS: the same */
#endif

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "w2cl.h"

#if !defined(__GNUC__) && !defined(__clang__)
#error "W2CL_GUARD_PAGES needs GCC or Clang"
#endif
#if UINTPTR_MAX <= 0xffffffffu
#error "W2CL_GUARD_PAGES needs a 64-bit host: each memory reserves 8 GiB of address space"
#endif
#if !defined(MAP_ANONYMOUS) && defined(MAP_ANON)
#define MAP_ANONYMOUS MAP_ANON
#endif
#ifndef MAP_NORESERVE
#define MAP_NORESERVE 0
#endif

/* Everything an access can reach: a 32-bit address plus a 32-bit offset
   (so below 8 GiB), plus at most 16 bytes. */
#define RESERVE_BYTES (((uint64_t)1 << 33) + W2CL_PAGE_SIZE)

/* The handler's own stack: room for w2cl_trap and the embedder's trap
   handler, which run on it. */
#define ALT_STACK_BYTES 65536u

/* Not under AddressSanitizer: it cannot unpoison the frames a longjmp
   abandons when the longjmp starts on another stack (it warns, then reports
   false errors), so there the handler runs on the faulting thread's stack. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define W2CL_GUARD_NO_ALT_STACK 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(W2CL_GUARD_NO_ALT_STACK)
#define W2CL_GUARD_NO_ALT_STACK 1
#endif

/*
 * The reservations, for the fault handler, which can take no lock: a list
 * that only grows; a released reservation's node is emptied (end, then
 * start, set to 0) and reused. Every field is read and written atomically.
 */
typedef struct region {
    struct region *next;
    uintptr_t start, end; /* [start, end); both 0 when empty */
    int used;             /* claimed by a reservation */
} region;
static region *regions;

static int add_region(uintptr_t start, uintptr_t end) {
    region *r;
    for (r = __atomic_load_n(&regions, __ATOMIC_ACQUIRE); r; r = r->next) {
        int unused = 0;
        if (__atomic_compare_exchange_n(&r->used, &unused, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
            break;
    }
    if (!r) {
        r = (region *)w2cl_alloc_zeroed(sizeof *r); /* never freed: the handler may be reading it */
        if (!r)
            return -1;
        r->used = 1;
        r->next = __atomic_load_n(&regions, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&regions, &r->next, r, 1, __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
        }
    }
    __atomic_store_n(&r->start, start, __ATOMIC_RELEASE);
    __atomic_store_n(&r->end, end, __ATOMIC_RELEASE);
    return 0;
}

static void remove_region(uintptr_t start) {
    region *r;
    for (r = __atomic_load_n(&regions, __ATOMIC_ACQUIRE); r; r = r->next) {
        if (__atomic_load_n(&r->used, __ATOMIC_ACQUIRE) && __atomic_load_n(&r->start, __ATOMIC_ACQUIRE) == start) {
            __atomic_store_n(&r->end, 0, __ATOMIC_RELEASE);
            __atomic_store_n(&r->start, 0, __ATOMIC_RELEASE);
            __atomic_store_n(&r->used, 0, __ATOMIC_RELEASE);
            return;
        }
    }
}

static int in_region(uintptr_t a) {
    region *r;
    for (r = __atomic_load_n(&regions, __ATOMIC_ACQUIRE); r; r = r->next)
        if (a >= __atomic_load_n(&r->start, __ATOMIC_ACQUIRE) && a < __atomic_load_n(&r->end, __ATOMIC_ACQUIRE))
            return 1;
    return 0;
}

/* ---- The fault handler --------------------------------------------------- */

static struct sigaction old_segv, old_bus; /* what was there before us */

static void on_fault(int sig, siginfo_t *si, void *ctx) {
    const struct sigaction *old = sig == SIGBUS ? &old_bus : &old_segv;
    struct sigaction dfl;
    /* si_code > 0: a real fault, not a signal someone sent */
    if (si->si_code > 0 && in_region((uintptr_t)si->si_addr)) {
        /* We leave by longjmp, which need not restore the signal mask:
           put back the faulting code's, where this signal is not blocked,
           or the next fault could not be delivered. */
        pthread_sigmask(SIG_SETMASK, &((ucontext_t *)ctx)->uc_sigmask, NULL);
        w2cl_trap(W2CL_TRAP_MEMORY_OOB);
    }
    /* Not ours: what would have happened without this handler. */
    if (old->sa_flags & SA_SIGINFO) {
        old->sa_sigaction(sig, si, ctx);
    } else if (old->sa_handler == SIG_IGN && si->si_code <= 0) {
        return;
    } else if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
        old->sa_handler(sig);
    } else {
        /* The default action: on return a real fault faults again and ends
           the process as it would have; a sent signal is sent again. */
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        sigaction(sig, &dfl, NULL);
        if (si->si_code <= 0)
            raise(sig);
    }
}

/* ---- Installation and the alternate stacks -------------------------------- */

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_failed;
static pthread_key_t stack_key; /* a thread's alternate stack, unmapped when it exits */

static size_t alt_stack_bytes(void) {
    size_t n = SIGSTKSZ; /* not a constant on newer glibc */
    return n > ALT_STACK_BYTES ? n : ALT_STACK_BYTES;
}

static void free_alt_stack(void *p) {
    stack_t ss;
    if (sigaltstack(NULL, &ss) == 0 && ss.ss_sp == p && !(ss.ss_flags & SS_DISABLE)) {
        memset(&ss, 0, sizeof ss);
        ss.ss_flags = SS_DISABLE;
        if (sigaltstack(&ss, NULL) != 0)
            return; /* still in use: leave it mapped */
    }
    munmap(p, alt_stack_bytes());
}

static void install(void) {
    struct sigaction sa;
    long page = sysconf(_SC_PAGESIZE);
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
#ifdef W2CL_GUARD_NO_ALT_STACK
    sa.sa_flags = SA_SIGINFO;
#else
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
#endif
    sigemptyset(&sa.sa_mask);
    /* A wasm page must be whole host pages, or mprotect would expose more
       than the memory's size. */
    if (page <= 0 || W2CL_PAGE_SIZE % (unsigned long)page != 0 ||
        pthread_key_create(&stack_key, free_alt_stack) != 0 || sigaction(SIGSEGV, &sa, &old_segv) != 0 ||
        sigaction(SIGBUS, &sa, &old_bus) != 0)
        install_failed = 1;
}

/* This thread's alternate stack, unless it has one (the embedder's). */
static w2cl_status set_alt_stack(void) {
#ifndef W2CL_GUARD_NO_ALT_STACK
    stack_t ss;
    void *p;
    size_t n = alt_stack_bytes();
    if (sigaltstack(NULL, &ss) != 0)
        return W2CL_ALLOC_ERROR;
    if (!(ss.ss_flags & SS_DISABLE))
        return W2CL_OK;
    p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return W2CL_ALLOC_ERROR;
    memset(&ss, 0, sizeof ss);
    ss.ss_sp = p;
    ss.ss_size = n;
    if (sigaltstack(&ss, NULL) != 0 || pthread_setspecific(stack_key, p) != 0) {
        free_alt_stack(p);
        return W2CL_ALLOC_ERROR;
    }
#endif
    return W2CL_OK;
}

w2cl_status w2cl_guard_init(void) {
    static W2CL_THREAD_LOCAL int ready;
    if (ready)
        return W2CL_OK;
    if (pthread_once(&install_once, install) != 0 || install_failed || set_alt_stack() != W2CL_OK)
        return W2CL_ALLOC_ERROR;
    ready = 1;
    return W2CL_OK;
}

/* ---- Reservations ---------------------------------------------------------- */

uint8_t *w2cl_guard_reserve(uint64_t bytes) {
    uint8_t *p;
    if (w2cl_guard_init() != W2CL_OK || bytes > RESERVE_BYTES)
        return NULL;
    /* PROT_NONE and MAP_NORESERVE: address space only, no memory */
    p = (uint8_t *)mmap(NULL, (size_t)RESERVE_BYTES, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                        -1, 0);
    if (p == (uint8_t *)MAP_FAILED)
        return NULL;
    if ((bytes && mprotect(p, (size_t)bytes, PROT_READ | PROT_WRITE) != 0) ||
        add_region((uintptr_t)p, (uintptr_t)p + (size_t)RESERVE_BYTES) != 0) {
        munmap(p, (size_t)RESERVE_BYTES);
        return NULL;
    }
    return p;
}

int w2cl_guard_commit(uint8_t *base, uint64_t old_bytes, uint64_t bytes) {
    /* Fresh pages of a private anonymous mapping read as zero. */
    if (bytes <= old_bytes)
        return 0;
    if (bytes > RESERVE_BYTES ||
        mprotect(base + (size_t)old_bytes, (size_t)(bytes - old_bytes), PROT_READ | PROT_WRITE) != 0)
        return -1;
    return 0;
}

void w2cl_guard_release(uint8_t *base) {
    if (!base)
        return;
    remove_region((uintptr_t)base);
    munmap(base, (size_t)RESERVE_BYTES);
}

#else
typedef int w2cl_guard_unused; /* ISO C wants something in every file */
#endif
