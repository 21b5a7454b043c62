/* Linear memory: allocation, growth and the bulk operations. */
#include <string.h>

#include "w2cl.h"

#ifdef W2CL_NO_HEAP
/* Built without an allocator: only caller storage (w2cl_memory_init_static)
   can hold pages; a heap memory gets none and never grows. */
#define w2cl_alloc_zeroed(size) ((void)(size), (void *)0)
#define w2cl_alloc_free(p) ((void)(p))
#endif

#define W2CL_MAX_PAGES 65536u
#define W2CL_MAX_PAGES64 ((uint64_t)1 << 48)

/* W2CL_GUARD_PAGES: a 32-bit memory that is neither shared nor caller
   storage is a guard reservation (rt/w2cl_guard.c): its accesses are not
   checked, and its data never moves. */
#ifdef W2CL_GUARD_PAGES
#define GUARDED(m) (!(m)->is64 && !(m)->shared && !(m)->is_static)
#endif

/* A zeroed block of `pages` pages, or NULL with *ok = 0 when the host
   cannot address or allocate it. Zero pages need no block at all. */
static uint8_t *alloc_pages(uint64_t pages, int *ok) {
    uint64_t bytes = pages * W2CL_PAGE_SIZE;
    uint8_t *p;
    *ok = 1;
    if (pages == 0)
        return NULL;
    /* 4 GiB on a 32-bit host; 2^48 pages (whose byte count wraps) anywhere */
    if (pages >= W2CL_MAX_PAGES64 || (uint64_t)(size_t)bytes != bytes) {
        *ok = 0;
        return NULL;
    }
    p = (uint8_t *)w2cl_alloc_zeroed((size_t)bytes);
    if (!p)
        *ok = 0;
    return p;
}

/* `guard`: a memory GUARDED will hold (in a guard-page build). */
static w2cl_status init_memory(w2cl_memory *m, uint64_t pages, uint64_t max_pages, int has_max,
                               uint64_t limit, int guard) {
    int ok;
    memset(m, 0, sizeof *m);
    if (max_pages > limit)
        max_pages = limit;
    if (pages > max_pages)
        return W2CL_ALLOC_ERROR;
#ifdef W2CL_GUARD_PAGES
    if (guard) {
        m->data = w2cl_guard_reserve(pages * W2CL_PAGE_SIZE);
        ok = m->data != NULL;
    } else
#endif
        m->data = alloc_pages(pages, &ok);
    (void)guard;
    if (!ok)
        return W2CL_ALLOC_ERROR;
    m->pages = pages;
    m->size = pages * W2CL_PAGE_SIZE;
    m->max_pages = max_pages;
    m->has_max = has_max;
    return W2CL_OK;
}

w2cl_status w2cl_memory_init(w2cl_memory *m, uint64_t pages, uint64_t max_pages, int has_max) {
    return init_memory(m, pages, max_pages, has_max, W2CL_MAX_PAGES, 1);
}

w2cl_status w2cl_memory64_init(w2cl_memory *m, uint64_t pages, uint64_t max_pages, int has_max) {
    w2cl_status s = init_memory(m, pages, max_pages, has_max, W2CL_MAX_PAGES64, 0);
    m->is64 = 1;
    return s;
}

w2cl_status w2cl_memory_init_shared(w2cl_memory *m, uint64_t pages, uint64_t max_pages, int is64) {
    /* All of the maximum now: a shared memory never moves (w2cl.h). */
    w2cl_status s = init_memory(m, max_pages, max_pages, 1, is64 ? W2CL_MAX_PAGES64 : W2CL_MAX_PAGES, 0);
    if (s != W2CL_OK)
        return s;
    if (pages > m->max_pages) {
        w2cl_memory_free(m);
        return W2CL_ALLOC_ERROR;
    }
    m->pages = pages;
    m->size = pages * W2CL_PAGE_SIZE;
    m->capacity = m->max_pages;
    m->is64 = is64 != 0;
    m->shared = 1;
    return W2CL_OK;
}

/* Heap-free: the pages live in caller storage of `capacity` pages. */
static w2cl_status init_static(w2cl_memory *m, void *storage, uint64_t capacity, uint64_t pages,
                               uint64_t max_pages, int has_max, uint64_t limit) {
    memset(m, 0, sizeof *m);
#ifdef W2CL_GUARD_PAGES
    if (limit == W2CL_MAX_PAGES) /* unchecked accesses need a guard region */
        return W2CL_ALLOC_ERROR;
#endif
    if (max_pages > limit)
        max_pages = limit;
    /* The storage must hold the initial pages and be addressable here. */
    if (pages > max_pages || pages > capacity || capacity >= W2CL_MAX_PAGES64 ||
        (uint64_t)(size_t)(capacity * W2CL_PAGE_SIZE) != capacity * W2CL_PAGE_SIZE ||
        (capacity && !storage))
        return W2CL_ALLOC_ERROR;
    m->data = (uint8_t *)storage;
    if (pages)
        memset(m->data, 0, (size_t)(pages * W2CL_PAGE_SIZE));
    m->pages = pages;
    m->size = pages * W2CL_PAGE_SIZE;
    m->max_pages = max_pages;
    m->has_max = has_max;
    m->is_static = 1;
    m->capacity = capacity;
    return W2CL_OK;
}

w2cl_status w2cl_memory_init_static(w2cl_memory *m, void *storage, uint64_t capacity_pages,
                                    uint64_t pages, uint64_t max_pages, int has_max) {
    return init_static(m, storage, capacity_pages, pages, max_pages, has_max, W2CL_MAX_PAGES);
}

w2cl_status w2cl_memory64_init_static(w2cl_memory *m, void *storage, uint64_t capacity_pages,
                                      uint64_t pages, uint64_t max_pages, int has_max) {
    w2cl_status s = init_static(m, storage, capacity_pages, pages, max_pages, has_max, W2CL_MAX_PAGES64);
    m->is64 = 1;
    return s;
}

/* A shared memory grows in place, one grower at a time (a spin lock: growth
   is rare and short); the new size is published atomically. Both need the
   GCC/Clang builtins and a hosted build: elsewhere a shared memory is
   single-threaded (W2CL_NO_THREADS, rt/w2cl_atomic.h). */
#if (defined(__GNUC__) || defined(__clang__)) && !defined(W2CL_NO_THREADS) && \
    defined(__STDC_HOSTED__) && __STDC_HOSTED__
static int shared_grow_lock;
#define W2CL_GROW_LOCK()                                                   \
    while (__atomic_exchange_n(&shared_grow_lock, 1, __ATOMIC_ACQUIRE)) \
        ;
#define W2CL_GROW_UNLOCK() __atomic_store_n(&shared_grow_lock, 0, __ATOMIC_RELEASE)
#define W2CL_PUBLISH(lvalue, v) __atomic_store_n(&(lvalue), (v), __ATOMIC_RELEASE)
#else
#define W2CL_GROW_LOCK()
#define W2CL_GROW_UNLOCK()
#define W2CL_PUBLISH(lvalue, v) ((lvalue) = (v))
#endif

static int grow_shared(w2cl_memory *m, uint64_t delta, uint64_t *old) {
    uint64_t pages;
    int r = -1;
    W2CL_GROW_LOCK();
    *old = m->pages;
    if (delta <= m->max_pages && *old <= m->max_pages - delta && *old + delta <= m->capacity) {
        pages = *old + delta;
        if (m->is_static && delta) /* caller storage: its pages may hold anything */
            memset(m->data + (size_t)m->size, 0, (size_t)(delta * W2CL_PAGE_SIZE));
        W2CL_PUBLISH(m->size, pages * W2CL_PAGE_SIZE);
        W2CL_PUBLISH(m->pages, pages);
        r = 0;
    }
    W2CL_GROW_UNLOCK();
    return r;
}

/* memory.grow of either kind: 0 with the old size in *old, or -1. */
static int grow(w2cl_memory *m, uint64_t delta, uint64_t *old) {
    uint64_t pages;
    uint8_t *p;
    int ok;
    if (m->shared)
        return grow_shared(m, delta, old);
    *old = m->pages;
    if (delta == 0)
        return 0;
    /* Compare before adding so a huge delta cannot wrap. */
    if (delta > m->max_pages || *old > m->max_pages - delta)
        return -1;
    pages = *old + delta;
    if (m->is_static) {
        /* In place: the storage is never moved, so no allocator runs. */
        if (pages > m->capacity)
            return -1;
        memset(m->data + (size_t)m->size, 0, (size_t)(delta * W2CL_PAGE_SIZE));
        m->pages = pages;
        m->size = pages * W2CL_PAGE_SIZE;
        return 0;
    }
#ifdef W2CL_GUARD_PAGES
    if (GUARDED(m)) { /* in place: more of the reservation made accessible */
        if (w2cl_guard_commit(m->data, m->size, pages * W2CL_PAGE_SIZE) != 0)
            return -1;
        m->pages = pages;
        m->size = pages * W2CL_PAGE_SIZE;
        return 0;
    }
#endif
    p = alloc_pages(pages, &ok);
    if (!ok)
        return -1;
    if (m->size)
        memcpy(p, m->data, (size_t)m->size);
    w2cl_alloc_free(m->data);
    m->data = p;
    m->pages = pages;
    m->size = pages * W2CL_PAGE_SIZE;
    return 0;
}

uint32_t w2cl_memory_grow(w2cl_memory *m, uint64_t delta) {
    uint64_t old;
    return grow(m, delta, &old) == 0 ? (uint32_t)old : 0xffffffffu;
}

uint64_t w2cl_memory64_grow(w2cl_memory *m, uint64_t delta) {
    uint64_t old;
    return grow(m, delta, &old) == 0 ? old : ~(uint64_t)0;
}

void w2cl_memory_free(w2cl_memory *m) {
#ifdef W2CL_GUARD_PAGES
    if (GUARDED(m))
        w2cl_guard_release(m->data);
    else
#endif
    if (!m->is_static) /* caller storage stays the caller's */
        w2cl_alloc_free(m->data);
    m->data = NULL;
    m->size = 0;
    m->pages = 0;
}

/* [start, start + n) within a region of `size`, checked so nothing wraps. */
static int in_range(uint64_t start, uint64_t n, uint64_t size) { return n <= size && start <= size - n; }

void w2cl_memory64_fill(w2cl_memory *m, uint64_t dst, uint32_t value, uint64_t n) {
    if (!in_range(dst, n, m->size))
        w2cl_trap(W2CL_TRAP_MEMORY_OOB);
    if (n)
        memset(m->data + (size_t)dst, (int)(value & 0xffu), (size_t)n);
}

void w2cl_memory64_copy(w2cl_memory *dst_mem, w2cl_memory *src_mem, uint64_t dst, uint64_t src,
                        uint64_t n) {
    if (!in_range(dst, n, dst_mem->size) || !in_range(src, n, src_mem->size))
        w2cl_trap(W2CL_TRAP_MEMORY_OOB);
    if (n) /* the ranges may overlap */
        memmove(dst_mem->data + (size_t)dst, src_mem->data + (size_t)src, (size_t)n);
}

void w2cl_memory64_init_segment(w2cl_memory *m, const uint8_t *seg, uint32_t seg_len, uint64_t dst,
                                uint32_t src, uint32_t n) {
    if (!in_range(dst, n, m->size) || !in_range(src, n, seg_len))
        w2cl_trap(W2CL_TRAP_MEMORY_OOB);
    if (n)
        memcpy(m->data + (size_t)dst, seg + src, n);
}

void w2cl_memory_fill(w2cl_memory *m, uint32_t dst, uint32_t value, uint32_t n) {
    w2cl_memory64_fill(m, dst, value, n);
}

void w2cl_memory_copy(w2cl_memory *dst_mem, w2cl_memory *src_mem, uint32_t dst, uint32_t src,
                      uint32_t n) {
    w2cl_memory64_copy(dst_mem, src_mem, dst, src, n);
}

void w2cl_memory_init_segment(w2cl_memory *m, const uint8_t *seg, uint32_t seg_len, uint32_t dst,
                              uint32_t src, uint32_t n) {
    w2cl_memory64_init_segment(m, seg, seg_len, dst, src, n);
}
