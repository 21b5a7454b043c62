#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct arena_block {
    arena_block *next;
    size_t used, cap;
    _Alignas(max_align_t) unsigned char data[];
};

enum { ARENA_BLOCK_MIN = 64 * 1024 };

void *arena_alloc(arena *a, size_t size) {
    size_t align = _Alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    arena_block *b = a->head;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > ARENA_BLOCK_MIN ? size : ARENA_BLOCK_MIN;
        b = diag_realloc(a->d, NULL, sizeof(arena_block) + cap);
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

void *arena_array(arena *a, size_t n, size_t size) {
    if (size && n > (size_t)-1 / 2 / size)
        diag_fail(a->d, DIAG_IO, 0, "out of memory");
    return arena_alloc(a, n * size);
}

arena_mark arena_save(const arena *a) {
    arena_mark m = {a->head, a->head ? a->head->used : 0};
    return m;
}

void arena_release(arena *a, arena_mark m) {
    while (a->head != m.head) {
        arena_block *next = a->head->next;
        diag_free(a->d, a->head);
        a->head = next;
    }
    if (a->head)
        a->head->used = m.used;
}

void arena_free(arena *a) {
    while (a->head) {
        arena_block *next = a->head->next;
        diag_free(a->d, a->head);
        a->head = next;
    }
}
