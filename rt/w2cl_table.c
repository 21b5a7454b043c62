/* Tables of references: allocation, growth, element access, call_indirect. */
#include <string.h>

#include "w2cl.h"

#ifdef W2CL_NO_HEAP
/* Built without an allocator: only caller storage (w2cl_table_init_static)
   can hold elements; a heap table gets none and never grows. */
#define w2cl_alloc_zeroed(size) ((void)(size), (void *)0)
#define w2cl_alloc_free(p) ((void)(p))
#endif

/* A zeroed (all-null) array of n elements; NULL with *ok = 0 on failure. */
static void **alloc_elems(uint32_t n, int *ok) {
    uint64_t bytes = (uint64_t)n * sizeof(void *);
    void **p;
    *ok = 1;
    if (n == 0)
        return NULL;
    if ((uint64_t)(size_t)bytes != bytes) { /* too big for a 32-bit host */
        *ok = 0;
        return NULL;
    }
    p = (void **)w2cl_alloc_zeroed((size_t)bytes);
    if (!p)
        *ok = 0;
    return p;
}

w2cl_status w2cl_table_init(w2cl_table *t, uint8_t elem_type, uint32_t size, uint32_t max,
                            int has_max) {
    int ok;
    uint32_t i;
    memset(t, 0, sizeof *t);
    if (size > max)
        return W2CL_ALLOC_ERROR;
    t->elems = alloc_elems(size, &ok);
    if (!ok)
        return W2CL_ALLOC_ERROR;
    /* A null pointer need not be all-zero bits. */
    for (i = 0; i < size; i++)
        t->elems[i] = NULL;
    t->elem_type = elem_type;
    t->size = size;
    t->max = max;
    t->has_max = has_max;
    return W2CL_OK;
}

/* Heap-free: the elements live in caller storage of `capacity` entries. */
w2cl_status w2cl_table_init_static(w2cl_table *t, void **storage, uint32_t capacity,
                                   uint8_t elem_type, uint32_t size, uint32_t max, int has_max) {
    uint32_t i;
    memset(t, 0, sizeof *t);
    if (size > max || size > capacity || (capacity && !storage))
        return W2CL_ALLOC_ERROR;
    t->elems = storage;
    for (i = 0; i < size; i++)
        t->elems[i] = NULL;
    t->elem_type = elem_type;
    t->size = size;
    t->max = max;
    t->has_max = has_max;
    t->is_static = 1;
    t->capacity = capacity;
    return W2CL_OK;
}

void w2cl_table_free(w2cl_table *t) {
    if (!t->is_static) /* caller storage stays the caller's */
        w2cl_alloc_free(t->elems);
    t->elems = NULL;
    t->size = 0;
}

static int in_range(uint64_t start, uint64_t n, uint64_t size) { return start + n <= size; }

void *w2cl_table_get(const w2cl_table *t, uint32_t i) {
    if (i >= t->size)
        w2cl_trap(W2CL_TRAP_TABLE_OOB);
    return t->elems[i];
}

void w2cl_table_set(w2cl_table *t, uint32_t i, void *v) {
    if (i >= t->size)
        w2cl_trap(W2CL_TRAP_TABLE_OOB);
    t->elems[i] = v;
}

uint32_t w2cl_table_grow(w2cl_table *t, void *init, uint32_t delta) {
    uint32_t old = t->size, size, i;
    void **p;
    int ok;
    if (delta > t->max || old > t->max - delta)
        return 0xffffffffu;
    if (delta == 0)
        return old;
    size = old + delta;
    if (t->is_static) {
        /* In place: the storage is never moved, so no allocator runs. */
        if (size > t->capacity)
            return 0xffffffffu;
        for (i = old; i < size; i++)
            t->elems[i] = init;
        t->size = size;
        return old;
    }
    p = alloc_elems(size, &ok);
    if (!ok)
        return 0xffffffffu;
    if (old)
        memcpy(p, t->elems, (size_t)old * sizeof(void *));
    for (i = old; i < size; i++)
        p[i] = init;
    w2cl_alloc_free(t->elems);
    t->elems = p;
    t->size = size;
    return old;
}

void w2cl_table_fill(w2cl_table *t, uint32_t dst, void *v, uint32_t n) {
    uint32_t i;
    if (!in_range(dst, n, t->size))
        w2cl_trap(W2CL_TRAP_TABLE_OOB);
    for (i = 0; i < n; i++)
        t->elems[dst + i] = v;
}

void w2cl_table_copy(w2cl_table *dst_t, w2cl_table *src_t, uint32_t dst, uint32_t src, uint32_t n) {
    if (!in_range(dst, n, dst_t->size) || !in_range(src, n, src_t->size))
        w2cl_trap(W2CL_TRAP_TABLE_OOB);
    if (n) /* the ranges may overlap */
        memmove(dst_t->elems + dst, src_t->elems + src, (size_t)n * sizeof(void *));
}

void w2cl_table_init_segment(w2cl_table *t, void *const *seg, uint32_t seg_len, uint32_t dst,
                             uint32_t src, uint32_t n) {
    uint32_t i;
    if (!in_range(dst, n, t->size) || !in_range(src, n, seg_len))
        w2cl_trap(W2CL_TRAP_TABLE_OOB);
    for (i = 0; i < n; i++)
        t->elems[dst + i] = seg[src + i];
}

const w2cl_funcref *w2cl_table_lookup(const w2cl_table *t, uint32_t i, const w2cl_functype *type) {
    const w2cl_funcref *f;
    if (i >= t->size)
        w2cl_trap(W2CL_TRAP_UNDEFINED_ELEMENT);
    f = (const w2cl_funcref *)t->elems[i];
    if (!f)
        w2cl_trap(W2CL_TRAP_UNINITIALIZED_ELEMENT);
    /* Same module: the very same type object, so the common case is cheap. */
    if (f->type != type && !w2cl_functype_equal(f->type, type))
        w2cl_trap(W2CL_TRAP_INDIRECT_TYPE);
    return f;
}
