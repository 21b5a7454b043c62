/* Linear memory: allocation, growth and the bulk operations. */
#include <string.h>

#include "w2cl.h"

#define W2CL_MAX_PAGES 65536u

/* A zeroed block of `pages` pages, or NULL with *ok = 0 when the host
   cannot address or allocate it. Zero pages need no block at all. */
static uint8_t *alloc_pages(uint64_t pages, int *ok) {
    uint64_t bytes = pages * W2CL_PAGE_SIZE;
    uint8_t *p;
    *ok = 1;
    if (pages == 0)
        return NULL;
    if ((uint64_t)(size_t)bytes != bytes) { /* 4 GiB on a 32-bit host */
        *ok = 0;
        return NULL;
    }
    p = (uint8_t *)w2cl_alloc_zeroed((size_t)bytes);
    if (!p)
        *ok = 0;
    return p;
}

w2cl_status w2cl_memory_init(w2cl_memory *m, uint64_t pages, uint64_t max_pages, int has_max) {
    int ok;
    memset(m, 0, sizeof *m);
    if (max_pages > W2CL_MAX_PAGES)
        max_pages = W2CL_MAX_PAGES;
    if (pages > max_pages)
        return W2CL_ALLOC_ERROR;
    m->data = alloc_pages(pages, &ok);
    if (!ok)
        return W2CL_ALLOC_ERROR;
    m->pages = pages;
    m->size = pages * W2CL_PAGE_SIZE;
    m->max_pages = max_pages;
    m->has_max = has_max;
    return W2CL_OK;
}

uint32_t w2cl_memory_grow(w2cl_memory *m, uint64_t delta) {
    uint64_t old = m->pages, pages;
    uint8_t *p;
    int ok;
    if (delta == 0)
        return (uint32_t)old;
    /* Compare before adding so a huge delta cannot wrap. */
    if (delta > m->max_pages || old > m->max_pages - delta)
        return 0xffffffffu;
    pages = old + delta;
    p = alloc_pages(pages, &ok);
    if (!ok)
        return 0xffffffffu;
    if (m->size)
        memcpy(p, m->data, (size_t)m->size);
    w2cl_alloc_free(m->data);
    m->data = p;
    m->pages = pages;
    m->size = pages * W2CL_PAGE_SIZE;
    return (uint32_t)old;
}

void w2cl_memory_free(w2cl_memory *m) {
    w2cl_alloc_free(m->data);
    m->data = NULL;
    m->size = 0;
    m->pages = 0;
}

/* [start, start + n) within a region of `size`; 64-bit so it cannot wrap. */
static int in_range(uint64_t start, uint64_t n, uint64_t size) { return start + n <= size; }

void w2cl_memory_fill(w2cl_memory *m, uint32_t dst, uint32_t value, uint32_t n) {
    if (!in_range(dst, n, m->size))
        w2cl_trap(W2CL_TRAP_MEMORY_OOB);
    if (n)
        memset(m->data + dst, (int)(value & 0xffu), n);
}

void w2cl_memory_copy(w2cl_memory *dst_mem, w2cl_memory *src_mem, uint32_t dst, uint32_t src,
                      uint32_t n) {
    if (!in_range(dst, n, dst_mem->size) || !in_range(src, n, src_mem->size))
        w2cl_trap(W2CL_TRAP_MEMORY_OOB);
    if (n) /* the ranges may overlap */
        memmove(dst_mem->data + dst, src_mem->data + src, n);
}

void w2cl_memory_init_segment(w2cl_memory *m, const uint8_t *seg, uint32_t seg_len, uint32_t dst,
                              uint32_t src, uint32_t n) {
    if (!in_range(dst, n, m->size) || !in_range(src, n, seg_len))
        w2cl_trap(W2CL_TRAP_MEMORY_OOB);
    if (n)
        memcpy(m->data + dst, seg + src, n);
}
