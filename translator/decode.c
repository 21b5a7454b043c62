#include "decode.h"

#include <string.h>

#include "wasm_features.h"
#include "insn.h"

/* Implementation limits, far above what real modules use. The module-wide
   one bounds memory: each declared local costs a byte in func.locals, and a
   single 4-byte declaration can ask for tens of thousands of them. */
enum {
    MAX_FUNC_LOCALS = 50000, /* per function, parameters excluded */
    MAX_MODULE_LOCALS = 1 << 24,
};

/* Position of each known section id in the order the spec requires
   (the data count section 12 sits between element 9 and code 10; the tag
   section 13 of exception handling between memory 5 and global 6). */
static const uint8_t section_rank[14] = {
    [1] = 1, [2] = 2, [3] = 3,  [4] = 4,  [5] = 5,   [13] = 6,  [6] = 7,
    [7] = 8, [8] = 9, [9] = 10, [12] = 11, [10] = 12, [11] = 13,
};

#define EH_NOT_ENABLED "exception handling support is not enabled (--enable-exception-handling)"

typedef struct {
    module *m;
    arena *a;
    diag *d;
    uint32_t ncode_expected; /* entries of the function section */
    int seen_code, seen_data;
    uint64_t total_locals;
    int has_names;
    reader names; /* payload of the "name" custom section, parsed last */
} decoder;

static DIAG_NORETURN void fail_at(decoder *dc, size_t offset, const char *reason) {
    diag_fail(dc->d, DIAG_MALFORMED, offset, "%s", reason);
}

/* A vector length. Each element takes at least `min_size` bytes, so a count
   the rest of the input cannot hold is malformed right away and never
   drives a huge allocation. */
static uint32_t read_count(reader *r, size_t min_size) {
    size_t offset = rd_offset(r);
    uint32_t n = rd_u32(r);
    if ((uint64_t)n * min_size > (uint64_t)(r->end - r->p))
        diag_fail(r->d, DIAG_MALFORMED, offset, "unexpected end");
    return n;
}

/* A u32 byte length followed by that many bytes: a reader over them. */
static reader read_sized(reader *r) {
    size_t offset = rd_offset(r);
    uint32_t n = rd_u32(r);
    if (n > (size_t)(r->end - r->p))
        diag_fail(r->d, DIAG_MALFORMED, offset, "length out of bounds");
    return rd_sub(r, n);
}

static const char *copy_name(arena *a, const char *s, uint32_t len) {
    char *c = arena_alloc(a, (size_t)len + 1); /* zeroed: NUL-terminated */
    memcpy(c, s, len);
    return c;
}

/* Arena "realloc": index spaces grow when defined entries follow imports. */
static void *extend(arena *a, void *old, size_t nold, size_t nnew, size_t size) {
    void *p = arena_array(a, nnew, size);
    if (nold)
        memcpy(p, old, nold * size);
    return p;
}

/* New size of an index space; its indices must stay u32. */
static uint32_t space_add(decoder *dc, reader *r, uint32_t have, uint32_t more) {
    if ((uint64_t)have + more > UINT32_MAX)
        fail_at(dc, rd_offset(r), "too many entries");
    return have + more;
}

static limits read_limits(reader *r) {
    limits l = {0, 0, 0};
    uint8_t flag = rd_u8(r);
    /* The flag is a one-bit LEB128 value: 0 = min only, 1 = min and max. */
    if (flag & 0x80) {
        r->p--;
        rd_fail(r, "integer representation too long");
    }
    if (flag > 1) {
        r->p--;
        rd_fail(r, "integer too large");
    }
    l.min = rd_u32(r);
    if (flag) {
        l.has_max = 1;
        l.max = rd_u32(r);
    }
    return l;
}

/* Memory limits: flag bit 2 (memory64) makes the memory 64-bit, with u64
   limits; bit 1 (threads) makes it shared; bit 0 says a maximum follows.
   (A shared memory without maximum is the validator's to reject.) */
static void read_memory_type(decoder *dc, reader *r, memory *mem) {
    mem->entry_offset = rd_offset(r);
    uint8_t flag = r->p < r->end ? *r->p : 0;
    int shared = flag < 8 && (flag & 2);
    if (shared && !(dc->m->features & FEAT_THREADS))
        fail_at(dc, mem->entry_offset, "shared memory: threads support is not enabled (--enable-threads)");
    if (flag != 4 && flag != 5 && !shared) {
        mem->lim = read_limits(r);
        return;
    }
    if ((flag & 4) && !(dc->m->features & FEAT_MEMORY64))
        fail_at(dc, mem->entry_offset, "memory64 support is not enabled (--enable-memory64)");
    r->p++;
    mem->shared = shared;
    mem->is64 = (flag & 4) != 0;
    mem->lim.min = mem->is64 ? rd_u64(r) : rd_u32(r);
    mem->lim.has_max = flag & 1;
    mem->lim.max = (flag & 1) ? (mem->is64 ? rd_u64(r) : rd_u32(r)) : 0;
}

/* More than one memory needs multi-memory. */
static void check_memory_count(decoder *dc, size_t at) {
    if (dc->m->nmems > 1 && !(dc->m->features & FEAT_MULTI_MEMORY))
        fail_at(dc, at, "multiple memories: multi-memory support is not enabled (--enable-multi-memory)");
}

static global_type read_global_type(reader *r) {
    global_type g;
    g.type = read_valtype(r);
    uint8_t mut = rd_u8(r);
    if (mut > 1) {
        r->p--;
        rd_fail(r, "malformed mutability");
    }
    g.mut = mut;
    return g;
}

static void read_table_type(reader *r, table *t) {
    t->entry_offset = rd_offset(r);
    t->elem_type = read_reftype(r);
    t->lim = read_limits(r);
}

/*
 * A constant expression: instructions up to the `end` that closes it. Only a
 * few instructions are constant, but that is the validator's call; here any
 * well-formed instruction sequence is taken (nesting followed), as the spec
 * decodes an `expr`.
 */
static byte_span read_const_expr(decoder *dc, reader *r) {
    insn_reader ir = {*r, dc->a, dc->m->features};
    size_t start = rd_offset(r);
    uint32_t depth = 0;
    for (;;) {
        if (rd_at_end(&ir.r))
            fail_at(dc, rd_offset(&ir.r), "END opcode expected");
        insn in;
        insn_read(&ir, &in);
        if (in.op == OP_BLOCK || in.op == OP_LOOP || in.op == OP_IF || in.op == OP_TRY)
            depth++;
        else if ((in.op == OP_END || in.op == OP_DELEGATE) && depth-- == 0)
            break;
    }
    r->p = ir.r.p;
    byte_span e = {r->base + start, rd_offset(r) - start, start};
    return e;
}

/* --- sections ----------------------------------------------------------- */

static void read_type_section(decoder *dc, reader *r) {
    module *m = dc->m;
    m->ntypes = read_count(r, 1);
    m->types = arena_array(dc->a, m->ntypes, sizeof(func_type));
    for (uint32_t i = 0; i < m->ntypes; i++) {
        func_type *ft = &m->types[i];
        if (rd_u8(r) != 0x60) {
            r->p--;
            rd_fail(r, "malformed function type");
        }
        /* Value types are one byte each: check them in place, then copy. */
        ft->nparams = read_count(r, 1);
        const uint8_t *params = r->p;
        for (uint32_t k = 0; k < ft->nparams; k++)
            read_valtype(r);
        ft->nresults = read_count(r, 1);
        const uint8_t *results = r->p;
        for (uint32_t k = 0; k < ft->nresults; k++)
            read_valtype(r);
        ft->types = arena_array(dc->a, (size_t)ft->nparams + ft->nresults, 1);
        memcpy(ft->types, params, ft->nparams);
        memcpy(ft->types + ft->nparams, results, ft->nresults);
    }
}

static void read_tag_type(reader *r, tag *t) {
    t->entry_offset = rd_offset(r);
    if (rd_u8(r) != 0x00) {
        r->p--;
        rd_fail(r, "malformed tag attribute");
    }
    t->type_idx = rd_u32(r);
}

static void read_import_desc(decoder *dc, reader *r, import *im, uint32_t i) {
    module *m = dc->m;
    size_t kind_offset = rd_offset(r);
    uint8_t kind = rd_u8(r);
    switch (kind) {
    case EXT_FUNC: {
        func *f = &m->funcs[m->nfuncs];
        f->imported = 1;
        f->import_idx = i;
        f->entry_offset = rd_offset(r);
        f->type_idx = rd_u32(r);
        im->index = m->nfuncs++;
        break;
    }
    case EXT_TABLE: {
        table *t = &m->tables[m->ntables];
        read_table_type(r, t);
        t->imported = 1;
        t->import_idx = i;
        im->index = m->ntables++;
        break;
    }
    case EXT_MEMORY: {
        memory *mem = &m->mems[m->nmems];
        read_memory_type(dc, r, mem);
        mem->imported = 1;
        mem->import_idx = i;
        im->index = m->nmems++;
        check_memory_count(dc, mem->entry_offset);
        break;
    }
    case EXT_GLOBAL: {
        global *g = &m->globals[m->nglobals];
        g->type = read_global_type(r);
        g->imported = 1;
        g->import_idx = i;
        im->index = m->nglobals++;
        break;
    }
    case EXT_TAG: {
        if (!(m->features & FEAT_EXCEPTIONS))
            fail_at(dc, kind_offset, "malformed import kind: " EH_NOT_ENABLED);
        tag *t = &m->tags[m->ntags];
        read_tag_type(r, t);
        t->imported = 1;
        t->import_idx = i;
        im->index = m->ntags++;
        break;
    }
    default:
        fail_at(dc, kind_offset, "malformed import kind");
    }
    im->kind = (extern_kind)kind;
}

static void read_import_section(decoder *dc, reader *r) {
    module *m = dc->m;
    uint32_t n = read_count(r, 1);
    m->nimports = n;
    m->imports = arena_array(dc->a, n, sizeof(import));
    /* Room for n imports of each kind; the defining sections extend these. */
    m->funcs = arena_array(dc->a, n, sizeof(func));
    m->tables = arena_array(dc->a, n, sizeof(table));
    m->mems = arena_array(dc->a, n, sizeof(memory));
    m->globals = arena_array(dc->a, n, sizeof(global));
    m->tags = arena_array(dc->a, n, sizeof(tag));
    for (uint32_t i = 0; i < n; i++) {
        import *im = &m->imports[i];
        uint32_t len;
        im->entry_offset = rd_offset(r);
        const char *s = rd_name(r, &len);
        im->module = copy_name(dc->a, s, len);
        im->module_len = len;
        s = rd_name(r, &len);
        im->name = copy_name(dc->a, s, len);
        im->name_len = len;
        read_import_desc(dc, r, im, i);
    }
    m->nfunc_imports = m->nfuncs;
    m->ntable_imports = m->ntables;
    m->nmem_imports = m->nmems;
    m->nglobal_imports = m->nglobals;
    m->ntag_imports = m->ntags;
}

static void read_function_section(decoder *dc, reader *r) {
    module *m = dc->m;
    uint32_t n = read_count(r, 1);
    uint32_t total = space_add(dc, r, m->nfuncs, n);
    m->funcs = extend(dc->a, m->funcs, m->nfuncs, total, sizeof(func));
    for (uint32_t i = m->nfuncs; i < total; i++) {
        m->funcs[i].entry_offset = rd_offset(r);
        m->funcs[i].type_idx = rd_u32(r);
    }
    m->nfuncs = total;
    dc->ncode_expected = n;
}

static void read_table_section(decoder *dc, reader *r) {
    module *m = dc->m;
    uint32_t n = read_count(r, 1);
    uint32_t total = space_add(dc, r, m->ntables, n);
    m->tables = extend(dc->a, m->tables, m->ntables, total, sizeof(table));
    for (uint32_t i = m->ntables; i < total; i++)
        read_table_type(r, &m->tables[i]);
    m->ntables = total;
}

static void read_memory_section(decoder *dc, reader *r) {
    module *m = dc->m;
    uint32_t n = read_count(r, 1);
    uint32_t total = space_add(dc, r, m->nmems, n);
    m->mems = extend(dc->a, m->mems, m->nmems, total, sizeof(memory));
    for (uint32_t i = m->nmems; i < total; i++) {
        read_memory_type(dc, r, &m->mems[i]);
        m->nmems = i + 1;
        check_memory_count(dc, m->mems[i].entry_offset);
    }
    m->nmems = total;
}

/* Exception handling: tags, each an attribute byte (0: exception) and the
   index of its type. */
static void read_tag_section(decoder *dc, reader *r) {
    module *m = dc->m;
    uint32_t n = read_count(r, 2);
    uint32_t total = space_add(dc, r, m->ntags, n);
    m->tags = extend(dc->a, m->tags, m->ntags, total, sizeof(tag));
    for (uint32_t i = m->ntags; i < total; i++)
        read_tag_type(r, &m->tags[i]);
    m->ntags = total;
}

static void read_global_section(decoder *dc, reader *r) {
    module *m = dc->m;
    uint32_t n = read_count(r, 1);
    uint32_t total = space_add(dc, r, m->nglobals, n);
    m->globals = extend(dc->a, m->globals, m->nglobals, total, sizeof(global));
    for (uint32_t i = m->nglobals; i < total; i++) {
        m->globals[i].type = read_global_type(r);
        m->globals[i].init = read_const_expr(dc, r);
    }
    m->nglobals = total;
}

static void read_export_section(decoder *dc, reader *r) {
    module *m = dc->m;
    m->nexports = read_count(r, 1);
    m->exports = arena_array(dc->a, m->nexports, sizeof(export_entry));
    for (uint32_t i = 0; i < m->nexports; i++) {
        export_entry *e = &m->exports[i];
        uint32_t len;
        e->entry_offset = rd_offset(r);
        const char *s = rd_name(r, &len);
        e->name = copy_name(dc->a, s, len);
        e->name_len = len;
        uint8_t kind = rd_u8(r);
        if (kind > EXT_GLOBAL && !(kind == EXT_TAG && (dc->m->features & FEAT_EXCEPTIONS))) {
            r->p--;
            rd_fail(r, kind == EXT_TAG ? "malformed export kind: " EH_NOT_ENABLED : "malformed export kind");
        }
        e->kind = (extern_kind)kind;
        e->index = rd_u32(r);
    }
}

static void read_start_section(decoder *dc, reader *r) {
    dc->m->has_start = 1;
    dc->m->start_offset = rd_offset(r);
    dc->m->start = rd_u32(r);
}

/*
 * Element segment flags: bit 0 = passive or declarative (bit 1 picks
 * declarative), else active with bit 1 = explicit table index; bit 2 =
 * items are constant expressions instead of function indices. Forms other
 * than 0 and 4 carry an element kind (0x00) or reference type.
 */
static void read_elem_segment(decoder *dc, reader *r, elem_segment *s) {
    s->entry_offset = rd_offset(r);
    uint32_t flags = rd_u32(r);
    if (flags > 7)
        fail_at(dc, s->entry_offset, "malformed elements segment kind");
    int has_exprs = (flags & 4) != 0;
    if (flags & 1) {
        s->mode = (flags & 2) ? SEG_DECLARATIVE : SEG_PASSIVE;
    } else {
        s->mode = SEG_ACTIVE;
        if (flags & 2)
            s->table = rd_u32(r);
        s->offset = read_const_expr(dc, r);
    }
    s->type = VT_FUNCREF;
    if (flags & 3) {
        if (has_exprs) {
            s->type = read_reftype(r);
        } else if (rd_u8(r) != 0x00) {
            r->p--;
            rd_fail(r, "malformed element kind");
        }
    }
    s->count = read_count(r, 1);
    if (has_exprs) {
        s->exprs = arena_array(dc->a, s->count, sizeof(byte_span));
        for (uint32_t i = 0; i < s->count; i++)
            s->exprs[i] = read_const_expr(dc, r);
    } else {
        s->funcs = arena_array(dc->a, s->count, sizeof(uint32_t));
        for (uint32_t i = 0; i < s->count; i++)
            s->funcs[i] = rd_u32(r);
    }
}

static void read_element_section(decoder *dc, reader *r) {
    module *m = dc->m;
    m->nelems = read_count(r, 1);
    m->elems = arena_array(dc->a, m->nelems, sizeof(elem_segment));
    for (uint32_t i = 0; i < m->nelems; i++)
        read_elem_segment(dc, r, &m->elems[i]);
}

static void read_datacount_section(decoder *dc, reader *r) {
    dc->m->has_data_count = 1;
    dc->m->data_count = rd_u32(r);
}

/* Local declarations: checked and summed first, then expanded. */
static void read_locals(decoder *dc, reader *r, func *f) {
    size_t offset = rd_offset(r);
    uint32_t ndecl = read_count(r, 2);
    reader scan = *r;
    uint64_t total = 0; /* at most 2^32 terms below 2^32: no overflow */
    for (uint32_t i = 0; i < ndecl; i++) {
        total += rd_u32(&scan);
        read_valtype(&scan);
    }
    if (total > MAX_FUNC_LOCALS)
        fail_at(dc, offset, "too many locals");
    dc->total_locals += total;
    if (dc->total_locals > MAX_MODULE_LOCALS)
        fail_at(dc, offset, "too many locals in module");
    f->nlocals = (uint32_t)total;
    f->locals = arena_array(dc->a, total, sizeof(valtype));
    uint32_t k = 0;
    for (uint32_t i = 0; i < ndecl; i++) {
        uint32_t n = rd_u32(r);
        valtype t = read_valtype(r);
        memset(f->locals + k, t, n);
        k += n;
    }
}

static void read_code_section(decoder *dc, reader *r) {
    module *m = dc->m;
    size_t offset = rd_offset(r);
    uint32_t n = read_count(r, 1);
    if (n != dc->ncode_expected)
        fail_at(dc, offset, "function and code section have inconsistent lengths");
    dc->seen_code = 1;
    for (uint32_t i = 0; i < n; i++) {
        func *f = &m->funcs[m->nfunc_imports + i];
        reader entry = read_sized(r);
        read_locals(dc, &entry, f);
        /* The instructions are the validator's; keep their span. */
        f->body.start = entry.p;
        f->body.len = (size_t)(entry.end - entry.p);
        f->body.offset = rd_offset(&entry);
    }
}

static void read_data_segment(decoder *dc, reader *r, data_segment *s) {
    s->entry_offset = rd_offset(r);
    uint32_t flags = rd_u32(r);
    switch (flags) {
    case 0: /* active, memory 0 */
    case 2: /* active, explicit memory */
        s->mode = SEG_ACTIVE;
        s->mem = flags == 2 ? rd_u32(r) : 0;
        s->offset = read_const_expr(dc, r);
        break;
    case 1:
        s->mode = SEG_PASSIVE;
        break;
    default:
        fail_at(dc, s->entry_offset, "malformed data segment kind");
    }
    size_t at = rd_offset(r);
    uint32_t len = rd_u32(r);
    s->bytes.start = rd_bytes(r, len);
    s->bytes.len = len;
    s->bytes.offset = at;
}

static void read_data_section(decoder *dc, reader *r) {
    module *m = dc->m;
    size_t offset = rd_offset(r);
    m->ndatas = read_count(r, 1);
    if (m->has_data_count && m->ndatas != m->data_count)
        fail_at(dc, offset, "data count and data section have inconsistent lengths");
    dc->seen_data = 1;
    m->datas = arena_array(dc->a, m->ndatas, sizeof(data_segment));
    for (uint32_t i = 0; i < m->ndatas; i++)
        read_data_segment(dc, r, &m->datas[i]);
}

/* Custom sections are not interpreted, except that "name" is kept for the
   end (it names functions that may not be declared yet). */
static void read_custom_section(decoder *dc, reader *r) {
    uint32_t len;
    const char *name = rd_name(r, &len);
    if (len == 4 && memcmp(name, "name", 4) == 0 && !dc->has_names) {
        dc->names = *r;
        dc->has_names = 1;
    }
    r->p = r->end;
}

static void read_section(decoder *dc, uint8_t id, reader *r) {
    switch (id) {
    case 0: read_custom_section(dc, r); break;
    case 1: read_type_section(dc, r); break;
    case 2: read_import_section(dc, r); break;
    case 3: read_function_section(dc, r); break;
    case 4: read_table_section(dc, r); break;
    case 5: read_memory_section(dc, r); break;
    case 6: read_global_section(dc, r); break;
    case 7: read_export_section(dc, r); break;
    case 8: read_start_section(dc, r); break;
    case 9: read_element_section(dc, r); break;
    case 10: read_code_section(dc, r); break;
    case 11: read_data_section(dc, r); break;
    case 12: read_datacount_section(dc, r); break;
    case 13: read_tag_section(dc, r); break;
    }
}

/* --- the name section (never fails the module) ------------------------- */

static void read_func_names(decoder *dc, reader *r) {
    module *m = dc->m;
    uint32_t n = read_count(r, 1);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t idx = rd_u32(r), len;
        const char *s = rd_name(r, &len);
        if (idx < m->nfuncs)
            m->funcs[idx].name = copy_name(dc->a, s, len);
    }
}

/* Parameters and declared locals of f, or 0 when its type is unknown. */
static size_t local_space(const module *m, const func *f) {
    if (f->type_idx >= m->ntypes)
        return 0;
    return (size_t)m->types[f->type_idx].nparams + f->nlocals;
}

static void read_local_names(decoder *dc, reader *r) {
    module *m = dc->m;
    uint32_t n = read_count(r, 1);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t fidx = rd_u32(r);
        func *f = fidx < m->nfuncs ? &m->funcs[fidx] : NULL;
        size_t nall = f ? local_space(m, f) : 0;
        if (nall && !f->local_names)
            f->local_names = arena_array(dc->a, nall, sizeof(const char *));
        uint32_t count = read_count(r, 1);
        for (uint32_t k = 0; k < count; k++) {
            uint32_t idx = rd_u32(r), len;
            const char *s = rd_name(r, &len);
            if (idx < nall)
                f->local_names[idx] = copy_name(dc->a, s, len);
        }
    }
}

static void read_name_subsections(decoder *dc, reader *r) {
    while (!rd_at_end(r)) {
        uint8_t id = rd_u8(r);
        reader sub = read_sized(r);
        if (id == 1)
            read_func_names(dc, &sub);
        else if (id == 2)
            read_local_names(dc, &sub);
    }
}

/* Custom sections are not validated: a bad name section only ends the
   parse, keeping what was read before the bad point. Errors escape through
   d->escape, so it is redirected here for the duration. */
static void read_name_section(decoder *dc) {
    diag *d = dc->d;
    jmp_buf saved;
    memcpy(saved, d->escape, sizeof saved);
    if (setjmp(d->escape) == 0)
        read_name_subsections(dc, &dc->names);
    else
        d->message[0] = '\0';
    memcpy(d->escape, saved, sizeof saved);
}

/* --- module-level references (C.refs) --------------------------------- */

static void declare_func(module *m, uint32_t idx) {
    if (idx < m->nfuncs)
        m->func_declared[idx] = 1;
}

static void declare_refs_in(decoder *dc, byte_span e) {
    insn_reader ir = {{dc->m->bytes, e.start, e.start + e.len, dc->d}, dc->a, dc->m->features};
    while (!rd_at_end(&ir.r)) {
        insn in;
        insn_read(&ir, &in);
        if (in.op == OP_REF_FUNC)
            declare_func(dc->m, in.a);
    }
}

/* Functions referenced anywhere outside function bodies (and the start
   section): exports, element segments, constant expressions. */
static void mark_declared(decoder *dc) {
    module *m = dc->m;
    m->func_declared = arena_array(dc->a, m->nfuncs, 1);
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == EXT_FUNC)
            declare_func(m, m->exports[i].index);
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++)
        declare_refs_in(dc, m->globals[i].init);
    for (uint32_t i = 0; i < m->nelems; i++) {
        const elem_segment *s = &m->elems[i];
        if (s->mode == SEG_ACTIVE)
            declare_refs_in(dc, s->offset);
        for (uint32_t k = 0; k < s->count; k++) {
            if (s->funcs)
                declare_func(m, s->funcs[k]);
            else
                declare_refs_in(dc, s->exprs[k]);
        }
    }
    for (uint32_t i = 0; i < m->ndatas; i++)
        if (m->datas[i].mode == SEG_ACTIVE)
            declare_refs_in(dc, m->datas[i].offset);
}

/* --- module ------------------------------------------------------------- */

/* Magic and version; a file too short for either is just cut off. */
static void read_header(reader *r) {
    static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6d};
    static const uint8_t version[4] = {0x01, 0x00, 0x00, 0x00};
    if (memcmp(rd_bytes(r, 4), magic, 4) != 0)
        diag_fail(r->d, DIAG_MALFORMED, 0, "magic header not detected");
    if (memcmp(rd_bytes(r, 4), version, 4) != 0)
        diag_fail(r->d, DIAG_MALFORMED, 4, "unknown binary version");
}

void decode_module(module *m, const char *file, const uint8_t *bytes, size_t size,
                   unsigned features, arena *a, diag *d) {
    memset(m, 0, sizeof *m);
    m->file = file;
    m->features = features;
    m->bytes = bytes;
    m->size = size;
    decoder dc = {.m = m, .a = a, .d = d};
    reader r = {bytes, bytes, bytes + size, d};
    read_header(&r);
    unsigned last = 0;
    while (!rd_at_end(&r)) {
        size_t offset = rd_offset(&r);
        uint8_t id = rd_u8(&r);
        if (id == 13 && !(m->features & FEAT_EXCEPTIONS))
            fail_at(&dc, offset, "malformed section id 13 (tags): " EH_NOT_ENABLED);
        if (id > 13)
            fail_at(&dc, offset, "malformed section id");
        reader sec = read_sized(&r);
        if (id != 0) {
            if (section_rank[id] <= last)
                fail_at(&dc, offset, "unexpected content after last section");
            last = section_rank[id];
        }
        read_section(&dc, id, &sec);
        if (!rd_at_end(&sec))
            fail_at(&dc, rd_offset(&sec), "section size mismatch");
    }
    if (dc.ncode_expected && !dc.seen_code)
        fail_at(&dc, size, "function and code section have inconsistent lengths");
    if (m->has_data_count && m->data_count && !dc.seen_data)
        fail_at(&dc, size, "data count and data section have inconsistent lengths");
    mark_declared(&dc);
    if (dc.has_names)
        read_name_section(&dc);
}
