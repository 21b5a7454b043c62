/* Function types, dynamic calls and import matching. */
#include <string.h>

#include "w2cl.h"

int w2cl_functype_equal(const w2cl_functype *a, const w2cl_functype *b) {
    uint32_t n;
    if (a == b)
        return 1;
    if (a->nparams != b->nparams || a->nresults != b->nresults)
        return 0;
    n = a->nparams + a->nresults;
    return n == 0 || memcmp(a->types, b->types, n) == 0;
}

void w2cl_invoke(const w2cl_funcref *f, const w2cl_value *args, w2cl_value *results) {
    f->dyncall(f->fn, f->ctx, args, results);
}

w2cl_status w2cl_invoke_checked(const w2cl_funcref *f, const w2cl_value *args, w2cl_value *results) {
    w2cl_trap_frame frame;
    w2cl_push_frame(&frame);
    if (setjmp(frame.jmp) == 0) {
        w2cl_invoke(f, args, results);
        w2cl_pop_frame(&frame);
        return W2CL_OK;
    }
    return frame.status;
}

const w2cl_extern *w2cl_find_extern(const w2cl_extern *list, size_t n, const char *module,
                                    const char *name, uint32_t name_len, w2cl_extern_kind kind) {
    size_t i;
    for (i = 0; i < n; i++) {
        const w2cl_extern *e = &list[i];
        if (e->kind == kind && e->name_len == name_len && strcmp(e->module, module) == 0 &&
            (name_len == 0 || memcmp(e->name, name, name_len) == 0))
            return e;
    }
    return NULL;
}

/* Limits subtyping: the actual limits must lie within the import's. */
static int limits_match(uint64_t cur, uint64_t cur_max, int cur_has_max, uint64_t min, uint64_t max,
                        int has_max) {
    if (cur < min)
        return 0;
    return !has_max || (cur_has_max && cur_max <= max);
}

int w2cl_memory_matches(const w2cl_memory *m, uint64_t min, uint64_t max, int has_max) {
    return !m->is64 && !m->shared && limits_match(m->pages, m->max_pages, m->has_max, min, max, has_max);
}

int w2cl_memory64_matches(const w2cl_memory *m, uint64_t min, uint64_t max, int has_max) {
    return m->is64 && !m->shared && limits_match(m->pages, m->max_pages, m->has_max, min, max, has_max);
}

int w2cl_memory_shared_matches(const w2cl_memory *m, int is64, uint64_t min, uint64_t max) {
    return m->shared && !m->is64 == !is64 && limits_match(m->pages, m->max_pages, m->has_max, min, max, 1);
}

int w2cl_table_matches(const w2cl_table *t, uint8_t elem_type, uint32_t min, uint32_t max,
                       int has_max) {
    return t->elem_type == elem_type && limits_match(t->size, t->max, t->has_max, min, max, has_max);
}

int w2cl_global_matches(const w2cl_global *g, uint8_t type, int mut) {
    return g->type == type && !g->mut == !mut;
}

int w2cl_tag_matches(const w2cl_tag *t, const w2cl_functype *type) {
    return w2cl_functype_equal(t->type, type);
}
