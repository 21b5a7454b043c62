/*
 * Everything of a module outside function bodies: the header (instance and
 * imports structs, the API), function types and call thunks, data segments,
 * instantiation in the spec's order, import resolution and exports.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cname.h"
#include "emit.h"
#include "emit_internal.h"

/* The input's file name without directories, for comments: output must not
   depend on where the translator was run. */
static const char *file_name(const module *m) {
    const char *slash = strrchr(m->file, '/');
    return slash ? slash + 1 : m->file;
}

#define W2CL_PAGE_BYTES UINT64_C(65536)

static const char *kind_enum[] = {"W2CL_EXTERN_FUNC", "W2CL_EXTERN_TABLE", "W2CL_EXTERN_MEMORY",
                                  "W2CL_EXTERN_GLOBAL", "W2CL_EXTERN_TAG"};

/* ---- Header ------------------------------------------------------------ */

static void emit_fn_pointer(strbuf *sb, const module *m, uint32_t type_idx, const char *name) {
    strbuf decl;
    sb_init(&decl, NULL);
    decl.d = sb->d;
    sb_printf(&decl, "(*%s)", name);
    emit_func_decl(sb, m, type_idx, decl.data, "void *ctx", NULL);
    sb_free(&decl);
}

/* --direct-imports: the functions the embedder defines. The same import in
   several modules gives the same declaration. */
static void emit_direct_import_decls(emit_ctx *e, strbuf *h) {
    const module *m = e->m;
    if (!e->opt->direct_imports || !m->nfunc_imports)
        return;
    sb_puts(h, "/* Imported functions, bound by the linker (--direct-imports): define these;\n"
               "   ctx is the member NAME_ctx of the imports struct. */\n");
    for (uint32_t i = 0; i < m->nimports; i++) {
        if (m->imports[i].kind != EXT_FUNC)
            continue;
        strbuf name;
        sb_init(&name, e->d);
        emit_direct_import(&name, m, i);
        emit_func_decl(h, m, m->funcs[m->imports[i].index].type_idx, name.data, "void *ctx", NULL);
        sb_puts(h, ";\n");
        sb_free(&name);
    }
    sb_puts(h, "\n");
}

static void emit_imports_struct(emit_ctx *e, strbuf *h) {
    const module *m = e->m;
    emit_direct_import_decls(e, h);
    sb_printf(h, "typedef struct %s_imports {\n", e->prefix);
    for (uint32_t i = 0; i < m->nimports; i++) {
        const import *im = &m->imports[i];
        strbuf name;
        sb_init(&name, e->d);
        import_member(&name, m, i);
        sb_puts(h, "  /* ");
        cname_literal(h, im->module, im->module_len);
        sb_puts(h, " ");
        cname_literal(h, im->name, im->name_len);
        sb_puts(h, " */\n  ");
        switch (im->kind) {
        case EXT_FUNC:
            if (!e->opt->direct_imports) {
                emit_fn_pointer(h, m, m->funcs[im->index].type_idx, name.data);
                sb_puts(h, ";\n  ");
            }
            sb_printf(h, "void *%s_ctx;\n", name.data);
            break;
        case EXT_TABLE: sb_printf(h, "w2cl_table *%s;\n", name.data); break;
        case EXT_MEMORY: sb_printf(h, "w2cl_memory *%s;\n", name.data); break;
        case EXT_GLOBAL: sb_printf(h, "w2cl_global *%s;\n", name.data); break;
        case EXT_TAG: sb_printf(h, "w2cl_tag *%s;\n", name.data); break;
        }
        sb_free(&name);
    }
    if (m->nimports == 0)
        sb_puts(h, "  char unused; /* the module imports nothing */\n");
    sb_printf(h, "} %s_imports;\n\n", e->prefix);
}

static void emit_instance_struct(emit_ctx *e, strbuf *h) {
    const module *m = e->m;
    sb_printf(h, "typedef struct %s_instance {\n", e->prefix);
    if (m->nfuncs)
        sb_printf(h, "  w2cl_funcref funcs[%u]; /* every function, imports first (fn NULL: unreferenced) */\n", m->nfuncs);
    /* A memory or table the module defines is an array of one, so that
       inst->memN is its address as an imported one's pointer is, and code
       reaches it without loading a pointer first. */
    for (uint32_t i = 0; i < m->nmems; i++)
        sb_printf(h, m->mems[i].imported ? "  w2cl_memory *mem%u;\n" : "  w2cl_memory mem%u[1];\n", i);
    for (uint32_t i = 0; i < m->ntables; i++)
        sb_printf(h, m->tables[i].imported ? "  w2cl_table *tab%u;\n" : "  w2cl_table tab%u[1];\n", i);
    for (uint32_t i = 0; i < m->nglobals; i++)
        sb_printf(h, m->globals[i].imported ? "  w2cl_global *g%u;\n" : "  w2cl_global g%u;\n", i);
    for (uint32_t i = 0; i < m->ntags; i++) { /* exception handling: identity by address */
        sb_printf(h, "  w2cl_tag *tag%u;\n", i);
        if (!m->tags[i].imported)
            sb_printf(h, "  w2cl_tag tag%u_own;\n", i);
    }
    for (uint32_t i = 0; i < m->nelems; i++) {
        if (m->elems[i].count)
            sb_printf(h, "  void *elem%u[%u];\n", i, m->elems[i].count);
        sb_printf(h, "  uint32_t elem%u_len; /* 0 once dropped */\n", i);
    }
    for (uint32_t i = 0; i < m->ndatas; i++)
        sb_printf(h, "  uint32_t data%u_len; /* 0 once dropped */\n", i);
    sb_puts(h, "  int ready; /* instantiated and not freed */\n");
    if (e->opt->heap_free) {
        /* Last, so instantiate need not clear them: init and grow zero what they hand out. */
        for (uint32_t i = m->nmem_imports; i < m->nmems; i++)
            if (e->mem_cap[i])
                sb_printf(h, "  uint64_t mem%u_storage[%" PRIu64 "]; /* %" PRIu64 " pages */\n", i,
                          e->mem_cap[i] * (W2CL_PAGE_BYTES / 8), e->mem_cap[i]);
        for (uint32_t i = m->ntable_imports; i < m->ntables; i++)
            if (e->tab_cap[i])
                sb_printf(h, "  void *tab%u_storage[%" PRIu64 "];\n", i, e->tab_cap[i]);
    }
    sb_printf(h, "} %s_instance;\n\n", e->prefix);
}

/* The first storage member of a heap-free instance, or NULL when it has none. */
static void first_storage(emit_ctx *e, strbuf *sb) {
    const module *m = e->m;
    for (uint32_t i = m->nmem_imports; i < m->nmems; i++)
        if (e->mem_cap[i]) {
            sb_printf(sb, "mem%u_storage", i);
            return;
        }
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++)
        if (e->tab_cap[i]) {
            sb_printf(sb, "tab%u_storage", i);
            return;
        }
}

/* Heap-free: the size of each defined memory's and table's storage, from
   the module's maximum or the user's cap, whichever is smaller. */
static void size_storage(emit_ctx *e) {
    const module *m = e->m;
    const emit_options *o = e->opt;
    e->mem_cap = arena_array(e->a, m->nmems ? m->nmems : 1, sizeof(uint64_t));
    e->tab_cap = arena_array(e->a, m->ntables ? m->ntables : 1, sizeof(uint64_t));
    if (!o->heap_free)
        return;
    for (uint32_t i = m->nmem_imports; i < m->nmems; i++) {
        const memory *mem = &m->mems[i];
        if (!mem->lim.has_max && !o->has_mem_cap)
            diag_fail(e->d, DIAG_UNSUPPORTED, mem->entry_offset,
                      "heap-free: memory %u declares no maximum; give --max-memory-pages", i);
        uint64_t cap = mem->lim.has_max ? mem->lim.max : o->mem_cap;
        if (o->has_mem_cap && o->mem_cap < cap)
            cap = o->mem_cap;
        if (mem->lim.min > cap)
            diag_fail(e->d, DIAG_UNSUPPORTED, mem->entry_offset,
                      "heap-free: memory %u needs %" PRIu64 " page(s) at least, but --max-memory-pages is %" PRIu64,
                      i, mem->lim.min, cap);
        e->mem_cap[i] = cap;
    }
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
        const table *t = &m->tables[i];
        if (!t->lim.has_max && !o->has_table_cap)
            diag_fail(e->d, DIAG_UNSUPPORTED, t->entry_offset,
                      "heap-free: table %u declares no maximum; give --max-table-elements", i);
        uint64_t cap = t->lim.has_max ? t->lim.max : o->table_cap;
        if (o->has_table_cap && o->table_cap < cap)
            cap = o->table_cap;
        if (t->lim.min > cap)
            diag_fail(e->d, DIAG_UNSUPPORTED, t->entry_offset,
                      "heap-free: table %u needs %" PRIu64 " element(s) at least, but --max-table-elements is %" PRIu64,
                      i, t->lim.min, cap);
        e->tab_cap[i] = cap;
    }
}

/* The C prototype of an export: function wrapper or accessor. */
static void export_decl(emit_ctx *e, strbuf *sb, const export_entry *x) {
    const module *m = e->m;
    strbuf name, first;
    sb_init(&name, e->d);
    sb_init(&first, e->d);
    sb_printf(&name, "%s_", e->prefix);
    cname_mangle(&name, x->name, x->name_len);
    sb_printf(&first, "%s_instance *inst", e->prefix);
    switch (x->kind) {
    case EXT_FUNC: emit_func_decl(sb, m, m->funcs[x->index].type_idx, name.data, first.data, NULL); break;
    case EXT_TABLE: sb_printf(sb, "w2cl_table *%s(%s)", name.data, first.data); break;
    case EXT_MEMORY: sb_printf(sb, "w2cl_memory *%s(%s)", name.data, first.data); break;
    case EXT_GLOBAL: sb_printf(sb, "w2cl_global *%s(%s)", name.data, first.data); break;
    case EXT_TAG: sb_printf(sb, "w2cl_tag *%s(%s)", name.data, first.data); break;
    }
    sb_free(&name);
    sb_free(&first);
}

static void emit_header(emit_ctx *e, strbuf *h) {
    const char *p = e->prefix;
    sb_printf(h, "/* Generated by wasm2c-lite from %s. Do not edit. */\n", file_name(e->m));
    if (e->opt->heap_free)
        sb_puts(h, "/* Heap-free (--heap-free): memories and tables live in the instance, and\n"
                   "   instantiate, grow and free call no allocator. */\n");
    sb_printf(h, "#ifndef %s_H_GENERATED\n#define %s_H_GENERATED\n\n#include \"w2cl.h\"\n\n", p, p);
    sb_puts(h, "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
    emit_imports_struct(e, h);
    emit_instance_struct(e, h);
    sb_printf(h, "w2cl_status %s_instantiate(%s_instance *inst, const %s_imports *imports);\n", p, p, p);
    sb_printf(h, "void %s_free(%s_instance *inst);\n", p, p);
    sb_printf(h, "w2cl_status %s_resolve_imports(%s_imports *imports, const w2cl_extern *list, size_t n);\n", p, p);
    sb_printf(h, "size_t %s_exports(%s_instance *inst, const char *module, w2cl_extern *out, size_t cap);\n\n", p, p);
    for (uint32_t i = 0; i < e->m->nexports; i++) {
        sb_puts(h, "/* ");
        cname_literal(h, e->m->exports[i].name, e->m->exports[i].name_len);
        sb_puts(h, " */\n");
        export_decl(e, h, &e->m->exports[i]);
        sb_puts(h, ";\n");
    }
    sb_puts(h, "\n#ifdef __cplusplus\n}\n#endif\n#endif\n");
}

/* ---- Types, thunks, data ----------------------------------------------- */

static void emit_typedefs(emit_ctx *e, strbuf *c) {
    const module *m = e->m;
    for (uint32_t t = 0; t < m->ntypes; t++) {
        char name[32];
        snprintf(name, sizeof name, "(*ft%u)", t);
        sb_puts(c, "typedef ");
        emit_func_decl(c, m, t, name, "void *", NULL);
        sb_puts(c, ";\n");
    }
    sb_puts(c, "\n");
}

/* The type objects of the types the C refers to (split output: extern, so
   the shared header renames them into the module's name space). */
static void emit_types(emit_ctx *e, strbuf *c) {
    const module *m = e->m;
    for (uint32_t t = 0; t < m->ntypes; t++) {
        if (!e->type_used[t])
            continue;
        const func_type *ft = &m->types[t];
        uint32_t n = ft->nparams + ft->nresults;
        if (n) {
            sb_printf(c, "static const uint8_t type%u_codes[] = {", t);
            for (uint32_t i = 0; i < n; i++)
                sb_printf(c, "%s0x%02x", i ? ", " : "", ft->types[i]);
            sb_puts(c, "};\n");
        }
        sb_printf(c, "%sconst w2cl_functype type%u = {%u, %u, ", func_storage(e), t, ft->nparams, ft->nresults);
        if (n)
            sb_printf(c, "type%u_codes};\n", t);
        else
            sb_puts(c, "NULL};\n");
    }
    sb_puts(c, "\n");
}

/* dyncallN: calls a function of type N with arguments from an array. */
static void emit_thunks(emit_ctx *e, strbuf *c, const uint8_t *thunk_used) {
    const module *m = e->m;
    for (uint32_t t = 0; t < m->ntypes; t++) {
        if (!thunk_used[t])
            continue;
        const func_type *ft = &m->types[t];
        sb_printf(c, "static void dyncall%u(w2cl_fnptr fn, void *ctx, const w2cl_value *args, w2cl_value *results) {\n", t);
        if (!ft->nparams)
            sb_puts(c, "  (void)args;\n");
        if (!ft->nresults)
            sb_puts(c, "  (void)results;\n");
        sb_puts(c, "  ");
        if (ft->nresults == 1)
            sb_printf(c, "results[0].%s = ", vt_field(ft->types[ft->nparams]));
        sb_printf(c, "((ft%u)fn)(ctx", t);
        for (uint32_t i = 0; i < ft->nparams; i++)
            sb_printf(c, ", args[%u].%s", i, vt_field(ft->types[i]));
        if (ft->nresults > 1) {
            for (uint32_t i = 0; i < ft->nresults; i++) {
                valtype rt = ft->types[ft->nparams + i];
                sb_printf(c, ", %s&results[%u].%s", rt == VT_FUNCREF || rt == VT_EXTERNREF ? "(void **)" : "", i, vt_field(rt));
            }
        }
        sb_puts(c, ");\n}\n\n");
    }
}

static void emit_data(emit_ctx *e, strbuf *c) {
    for (uint32_t i = 0; i < e->m->ndatas; i++) {
        const data_segment *d = &e->m->datas[i];
        if (!e->data_used[i])
            continue;
        sb_printf(c, "%sconst uint8_t data%u[%zu] = {", func_storage(e), i, d->bytes.len ? d->bytes.len : 1);
        for (size_t j = 0; j < d->bytes.len; j++)
            sb_printf(c, "%s%s%u", j ? "," : "", j % 24 == 0 ? "\n  " : "", d->bytes.start[j]);
        sb_puts(c, d->bytes.len ? "\n};\n" : "0};\n");
    }
    sb_puts(c, "\n");
}

/* ---- Instantiation ----------------------------------------------------- */

static void emit_limits_args(strbuf *c, const limits *l, uint64_t no_max) {
    sb_printf(c, "%" PRIu64 "u, %" PRIu64 "u, %d", l->min, l->has_max ? l->max : no_max, l->has_max);
}

/* "64" for a 64-bit memory: the runtime's w2cl_memory64_* helpers. */
static const char *mem64(const module *m, uint32_t mem) { return m->mems[mem].is64 ? "64" : ""; }

/* The maximum of a memory that declares none, in pages. */
static uint64_t mem_no_max(const module *m, uint32_t mem) {
    return m->mems[mem].is64 ? UINT64_C(1) << 48 : 65536;
}

static void emit_bind_imports(emit_ctx *e, strbuf *c) {
    const module *m = e->m;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const import *im = &m->imports[i];
        strbuf name;
        sb_init(&name, e->d);
        import_member(&name, m, i);
        uint32_t x = im->index;
        switch (im->kind) {
        case EXT_FUNC: {
            uint32_t t = m->funcs[x].type_idx;
            if (!e->opt->direct_imports)
                sb_printf(c, "  if (!imports->%s) return W2CL_LINK_ERROR;\n", name.data);
            sb_printf(c, "  inst->funcs[%u].type = &type%u;\n", x, t);
            if (e->opt->direct_imports) {
                sb_printf(c, "  inst->funcs[%u].fn = (w2cl_fnptr)", x);
                emit_direct_import(c, m, i);
                sb_puts(c, ";\n");
            } else {
                sb_printf(c, "  inst->funcs[%u].fn = (w2cl_fnptr)imports->%s;\n", x, name.data);
            }
            sb_printf(c, "  inst->funcs[%u].ctx = imports->%s_ctx;\n", x, name.data);
            sb_printf(c, "  inst->funcs[%u].dyncall = dyncall%u;\n", x, t);
            break;
        }
        case EXT_TABLE:
            sb_printf(c, "  inst->tab%u = imports->%s;\n", x, name.data);
            sb_printf(c, "  if (!inst->tab%u || !w2cl_table_matches(inst->tab%u, 0x%02x, ", x, x, m->tables[x].elem_type);
            emit_limits_args(c, &m->tables[x].lim, 0xffffffffu);
            sb_puts(c, ")) return W2CL_LINK_ERROR;\n");
            break;
        case EXT_MEMORY:
            sb_printf(c, "  inst->mem%u = imports->%s;\n", x, name.data);
            if (m->mems[x].shared) /* threads: a shared memory has a maximum */
                sb_printf(c, "  if (!inst->mem%u || !w2cl_memory_shared_matches(inst->mem%u, %d, %" PRIu64 "u, %" PRIu64 "u",
                          x, x, m->mems[x].is64, m->mems[x].lim.min, m->mems[x].lim.max);
            else {
                sb_printf(c, "  if (!inst->mem%u || !w2cl_memory%s_matches(inst->mem%u, ", x, mem64(m, x), x);
                emit_limits_args(c, &m->mems[x].lim, mem_no_max(m, x));
            }
            sb_puts(c, ")) return W2CL_LINK_ERROR;\n");
            break;
        case EXT_GLOBAL:
            sb_printf(c, "  inst->g%u = imports->%s;\n", x, name.data);
            sb_printf(c, "  if (!inst->g%u || !w2cl_global_matches(inst->g%u, 0x%02x, %d)) return W2CL_LINK_ERROR;\n",
                      x, x, m->globals[x].type.type, m->globals[x].type.mut);
            break;
        case EXT_TAG:
            e->type_used[m->tags[x].type_idx] = 1;
            sb_printf(c, "  inst->tag%u = imports->%s;\n", x, name.data);
            sb_printf(c, "  if (!inst->tag%u || !w2cl_tag_matches(inst->tag%u, &type%u)) return W2CL_LINK_ERROR;\n",
                      x, x, m->tags[x].type_idx);
            break;
        }
        sb_free(&name);
    }
}

static void emit_create_objects(emit_ctx *e, strbuf *c) {
    const module *m = e->m;
    if (m->nfuncs > m->nfunc_imports) {
        sb_printf(c, "  for (uint32_t i = %u; i < %u; i++) {\n", m->nfunc_imports, m->nfuncs);
        sb_printf(c, "    inst->funcs[i] = defined_funcs[i - %u];\n", m->nfunc_imports);
        sb_puts(c, "    inst->funcs[i].ctx = inst;\n  }\n");
    }
    for (uint32_t i = m->nmem_imports; i < m->nmems; i++) {
        if (e->opt->heap_free) {
            sb_printf(c, "  if (w2cl_memory%s_init_static(inst->mem%u, ", mem64(m, i), i);
            if (e->mem_cap[i])
                sb_printf(c, "inst->mem%u_storage, %" PRIu64 "u, ", i, e->mem_cap[i]);
            else
                sb_puts(c, "NULL, 0u, ");
        } else if (m->mems[i].shared) { /* threads: all of its maximum at once */
            sb_printf(c, "  if (w2cl_memory_init_shared(inst->mem%u, %" PRIu64 "u, %" PRIu64 "u, %d",
                      i, m->mems[i].lim.min, m->mems[i].lim.max, m->mems[i].is64);
        } else {
            sb_printf(c, "  if (w2cl_memory%s_init(inst->mem%u, ", mem64(m, i), i);
        }
        if (!m->mems[i].shared || e->opt->heap_free)
            emit_limits_args(c, &m->mems[i].lim, mem_no_max(m, i));
        sb_puts(c, ") != W2CL_OK) return W2CL_ALLOC_ERROR;\n");
        if (m->mems[i].shared && e->opt->heap_free)
            sb_printf(c, "  inst->mem%u->shared = 1;\n", i);
    }
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
        if (!e->opt->heap_free)
            sb_printf(c, "  if (w2cl_table_init(inst->tab%u, 0x%02x, ", i, m->tables[i].elem_type);
        else if (e->tab_cap[i])
            sb_printf(c, "  if (w2cl_table_init_static(inst->tab%u, inst->tab%u_storage, %" PRIu64 "u, 0x%02x, ",
                      i, i, e->tab_cap[i], m->tables[i].elem_type);
        else
            sb_printf(c, "  if (w2cl_table_init_static(inst->tab%u, NULL, 0u, 0x%02x, ", i, m->tables[i].elem_type);
        emit_limits_args(c, &m->tables[i].lim, 0xffffffffu);
        sb_puts(c, ") != W2CL_OK) return W2CL_ALLOC_ERROR;\n");
    }
    for (uint32_t i = m->ntag_imports; i < m->ntags; i++) {
        e->type_used[m->tags[i].type_idx] = 1;
        sb_printf(c, "  inst->tag%u_own.type = &type%u;\n  inst->tag%u = &inst->tag%u_own;\n", i,
                  m->tags[i].type_idx, i, i);
    }
    for (uint32_t g = m->nglobal_imports; g < m->nglobals; g++) {
        const global *gl = &m->globals[g];
        sb_printf(c, "  inst->g%u.type = 0x%02x;\n  inst->g%u.mut = %d;\n", g, gl->type.type, g, gl->type.mut);
        sb_printf(c, "  inst->g%u.value.%s = ", g, vt_field(gl->type.type));
        emit_const_expr(c, e, gl->init);
        sb_puts(c, ";\n");
    }
    for (uint32_t i = 0; i < m->nelems; i++) {
        const elem_segment *s = &m->elems[i];
        for (uint32_t j = 0; j < s->count; j++) {
            sb_printf(c, "  inst->elem%u[%u] = ", i, j);
            if (s->exprs)
                emit_const_expr(c, e, s->exprs[j]);
            else
                sb_printf(c, "&inst->funcs[%u]", s->funcs[j]);
            sb_puts(c, ";\n");
        }
        /* Declarative segments are dropped from the start. */
        sb_printf(c, "  inst->elem%u_len = %u;\n", i, s->mode == SEG_DECLARATIVE ? 0 : s->count);
    }
    for (uint32_t i = 0; i < m->ndatas; i++)
        sb_printf(c, "  inst->data%u_len = %zu;\n", i, m->datas[i].bytes.len);
}

/* Active segments, then the start function: the part that may trap. */
static void emit_initialize(emit_ctx *e, strbuf *c) {
    const module *m = e->m;
    sb_printf(c, "static void initialize(%s_instance *inst) {\n", e->prefix);
    int any = 0;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const elem_segment *s = &m->elems[i];
        if (s->mode != SEG_ACTIVE)
            continue;
        sb_printf(c, "  w2cl_table_init_segment(inst->tab%u, %s%u%s, inst->elem%u_len, ", s->table,
                  s->count ? "inst->elem" : "NULL /* ", i, s->count ? "" : " */", i);
        emit_const_expr(c, e, s->offset);
        sb_printf(c, ", 0, %u);\n  inst->elem%u_len = 0;\n", s->count, i);
        any = 1;
    }
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const data_segment *d = &m->datas[i];
        if (d->mode != SEG_ACTIVE)
            continue;
        e->data_used[i] = 1;
        sb_printf(c, "  w2cl_memory%s_init_segment(inst->mem%u, data%u, inst->data%u_len, ", mem64(m, d->mem), d->mem, i, i);
        emit_const_expr(c, e, d->offset);
        sb_printf(c, ", 0, %zuu);\n  inst->data%u_len = 0;\n", d->bytes.len, i);
        any = 1;
    }
    if (m->has_start) {
        const func *f = &m->funcs[m->start];
        if (f->imported) {
            sb_printf(c, "  ((ft%u)inst->funcs[%u].fn)(inst->funcs[%u].ctx);\n", f->type_idx, m->start, m->start);
        } else {
            sb_puts(c, "  ");
            emit_func_name(c, e, m->start);
            sb_puts(c, "_entry(inst);\n");
        }
        any = 1;
    }
    if (!any)
        sb_puts(c, "  (void)inst;\n");
    sb_puts(c, "}\n\n");
}

/* The functions the module defines, as references without their instance. */
static void emit_defined_funcs(emit_ctx *e, strbuf *c) {
    const module *m = e->m;
    if (m->nfuncs == m->nfunc_imports)
        return;
    sb_printf(c, "static const w2cl_funcref defined_funcs[%u] = {\n", m->nfuncs - m->nfunc_imports);
    for (uint32_t f = m->nfunc_imports; f < m->nfuncs; f++) {
        uint32_t t = m->funcs[f].type_idx;
        if (needs_pointer_entry(m, f)) {
            sb_printf(c, "  {&type%u, (w2cl_fnptr)", t);
            emit_func_name(c, e, f);
            sb_printf(c, "_entry, NULL, dyncall%u},\n", t);
        } else { /* nothing can reach it through a pointer */
            sb_printf(c, "  {&type%u, NULL, NULL, dyncall%u},\n", t, t);
        }
    }
    sb_puts(c, "};\n\n");
}

static void emit_instantiate(emit_ctx *e, strbuf *c) {
    const char *p = e->prefix;
    emit_defined_funcs(e, c);
    emit_initialize(e, c);
    sb_printf(c, "w2cl_status %s_instantiate(%s_instance *inst, const %s_imports *imports) {\n", p, p, p);
    strbuf storage;
    sb_init(&storage, e->d);
    first_storage(e, &storage);
    if (storage.len) /* the storage is zeroed as it is handed out */
        sb_printf(c, "  w2cl_trap_frame frame;\n  memset(inst, 0, offsetof(%s_instance, %s));\n", p, storage.data);
    else
        sb_puts(c, "  w2cl_trap_frame frame;\n  memset(inst, 0, sizeof *inst);\n");
    sb_free(&storage);
    if (!e->m->nimports)
        sb_puts(c, "  (void)imports;\n");
    emit_bind_imports(e, c);
    sb_puts(c, "  inst->ready = 1;\n");
    emit_create_objects(e, c);
    sb_puts(c, "  w2cl_push_frame(&frame);\n");
    sb_puts(c, "  if (setjmp(frame.jmp) != 0)\n    return frame.status;\n");
    sb_puts(c, "  initialize(inst);\n  w2cl_pop_frame(&frame);\n  return W2CL_OK;\n}\n\n");

    sb_printf(c, "void %s_free(%s_instance *inst) {\n  if (!inst->ready)\n    return;\n", p, p);
    for (uint32_t i = e->m->nmem_imports; i < e->m->nmems; i++)
        sb_printf(c, "  w2cl_memory_free(inst->mem%u);\n", i);
    for (uint32_t i = e->m->ntable_imports; i < e->m->ntables; i++)
        sb_printf(c, "  w2cl_table_free(inst->tab%u);\n", i);
    sb_puts(c, "  inst->ready = 0;\n}\n\n");
}

/* ---- Linking by name and exports --------------------------------------- */

static void emit_resolve(emit_ctx *e, strbuf *c) {
    const module *m = e->m;
    const char *p = e->prefix;
    sb_printf(c, "w2cl_status %s_resolve_imports(%s_imports *imports, const w2cl_extern *list, size_t n) {\n", p, p);
    if (!m->nimports) {
        sb_puts(c, "  (void)list;\n  (void)n;\n  memset(imports, 0, sizeof *imports);\n  return W2CL_OK;\n}\n\n");
        return;
    }
    sb_puts(c, "  const w2cl_extern *e;\n  memset(imports, 0, sizeof *imports);\n");
    for (uint32_t i = 0; i < m->nimports; i++) {
        const import *im = &m->imports[i];
        strbuf name;
        sb_init(&name, e->d);
        import_member(&name, m, i);
        sb_puts(c, "  e = w2cl_find_extern(list, n, ");
        cname_literal(c, im->module, im->module_len);
        sb_puts(c, ", ");
        cname_literal(c, im->name, im->name_len);
        sb_printf(c, ", %u, %s);\n", im->name_len, kind_enum[im->kind]);
        sb_puts(c, "  if (!e) return W2CL_LINK_ERROR;\n");
        if (im->kind == EXT_FUNC) {
            uint32_t t = m->funcs[im->index].type_idx;
            sb_printf(c, "  if (!w2cl_functype_equal(((const w2cl_funcref *)e->object)->type, &type%u)) return W2CL_LINK_ERROR;\n", t);
            if (e->opt->direct_imports) { /* bound already: only that very function fits */
                sb_puts(c, "  if (((const w2cl_funcref *)e->object)->fn != (w2cl_fnptr)");
                emit_direct_import(c, m, i);
                sb_puts(c, ") return W2CL_LINK_ERROR;\n");
            } else {
                sb_printf(c, "  imports->%s = (ft%u)((const w2cl_funcref *)e->object)->fn;\n", name.data, t);
            }
            sb_printf(c, "  imports->%s_ctx = ((const w2cl_funcref *)e->object)->ctx;\n", name.data);
        } else {
            /* Limits and global types are checked by instantiate. */
            const char *ty = im->kind == EXT_TABLE ? "w2cl_table" : im->kind == EXT_MEMORY ? "w2cl_memory"
                           : im->kind == EXT_TAG ? "w2cl_tag" : "w2cl_global";
            sb_printf(c, "  imports->%s = (%s *)e->object;\n", name.data, ty);
        }
        sb_free(&name);
    }
    sb_puts(c, "  return W2CL_OK;\n}\n\n");
}

static void emit_exports(emit_ctx *e, strbuf *c) {
    const module *m = e->m;
    const char *p = e->prefix;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const export_entry *x = &m->exports[i];
        export_decl(e, c, x);
        sb_puts(c, " {\n");
        if (x->kind == EXT_FUNC) {
            const func_type *t = func_type_of(m, x->index);
            sb_puts(c, t->nresults == 1 ? "  return " : "  ");
            if (m->funcs[x->index].imported)
                sb_printf(c, "((ft%u)inst->funcs[%u].fn)(inst->funcs[%u].ctx", m->funcs[x->index].type_idx, x->index, x->index);
            else {
                emit_func_name(c, e, x->index);
                sb_puts(c, "_entry(inst");
            }
            for (uint32_t j = 0; j < t->nparams; j++)
                sb_printf(c, ", l%u", j);
            for (uint32_t j = 0; t->nresults > 1 && j < t->nresults; j++)
                sb_printf(c, ", r%u", j);
            sb_puts(c, ");\n");
        } else if (x->kind == EXT_GLOBAL) {
            sb_puts(c, "  return ");
            emit_global_addr(c, m, x->index);
            sb_puts(c, ";\n");
        } else if (x->kind == EXT_TAG) {
            sb_printf(c, "  return inst->tag%u;\n", x->index);
        } else {
            sb_printf(c, "  return inst->%s%u;\n", x->kind == EXT_TABLE ? "tab" : "mem", x->index);
        }
        sb_puts(c, "}\n\n");
    }

    sb_printf(c, "size_t %s_exports(%s_instance *inst, const char *module, w2cl_extern *out, size_t cap) {\n", p, p);
    if (!m->nexports) {
        sb_puts(c, "  (void)inst;\n  (void)module;\n  (void)out;\n  (void)cap;\n  return 0;\n}\n");
        return;
    }
    sb_printf(c, "  w2cl_extern all[%u];\n", m->nexports);
    for (uint32_t i = 0; i < m->nexports; i++) {
        const export_entry *x = &m->exports[i];
        sb_printf(c, "  all[%u].module = module;\n  all[%u].name = ", i, i);
        cname_literal(c, x->name, x->name_len);
        sb_printf(c, ";\n  all[%u].name_len = %u;\n  all[%u].kind = %s;\n  all[%u].object = ", i, x->name_len, i,
                  kind_enum[x->kind], i);
        switch (x->kind) {
        case EXT_FUNC: sb_printf(c, "&inst->funcs[%u];\n", x->index); break;
        case EXT_TABLE: sb_printf(c, "inst->tab%u;\n", x->index); break;
        case EXT_MEMORY: sb_printf(c, "inst->mem%u;\n", x->index); break;
        case EXT_GLOBAL: emit_global_addr(c, m, x->index); sb_puts(c, ";\n"); break;
        case EXT_TAG: sb_printf(c, "inst->tag%u;\n", x->index); break;
        }
    }
    sb_printf(c, "  if (cap > 0)\n    memcpy(out, all, (cap < %u ? cap : %u) * sizeof *out);\n  return %u;\n}\n",
              m->nexports, m->nexports, m->nexports);
}

/* ---- The whole module -------------------------------------------------- */

void emit_module(const module *m, const code_uses *uses, const char *prefix, const char *header_name,
                 strbuf *h_out, strbuf *c_out, arena *a, diag *d) {
    emit_outputs out = {h_out, c_out, header_name, NULL, NULL, NULL};
    emit_module_with(m, NULL, uses, prefix, &out, a, d);
}

/* The type objects and data arrays the C refers to: those of every
   function and tag, active data, and what the bodies use (the validator
   found those), all declared before the bodies are written. */
static void mark_declared(emit_ctx *e, const code_uses *uses) {
    const module *m = e->m;
    for (uint32_t f = 0; f < m->nfuncs; f++)
        e->type_used[m->funcs[f].type_idx] = 1;
    for (uint32_t t = 0; t < m->ntypes; t++)
        e->type_used[t] |= uses->type_called[t];
    for (uint32_t i = 0; i < m->ntags; i++)
        e->type_used[m->tags[i].type_idx] = 1;
    for (uint32_t i = 0; i < m->ndatas; i++)
        e->data_used[i] = uses->data_inited[i] || m->datas[i].mode == SEG_ACTIVE;
}

/* Everything the C used must have been declared before the bodies: a
   miss here is a bug in code_uses, caught instead of emitting bad C. */
static void check_declared(emit_ctx *e, const code_uses *uses, const uint8_t *types, const uint8_t *datas) {
    int missed = (e->uses_simd && !uses->simd) || (e->uses_atomics && !uses->atomics);
    for (uint32_t t = 0; t < e->m->ntypes; t++)
        missed |= e->type_used[t] && !types[t];
    for (uint32_t i = 0; i < e->m->ndatas; i++)
        missed |= e->data_used[i] && !datas[i];
    if (missed)
        diag_fail(e->d, DIAG_UNSUPPORTED, 0, "internal error: a declaration the functions need was not written");
}

/* The #includes and pragmas before any function. */
static void emit_includes(strbuf *c, const char *header_name, const code_uses *uses) {
    sb_printf(c, "#include <string.h>\n\n#include \"%s\"\n#include \"%s\"\n%s\n", header_name,
              uses->simd ? "w2cl_simd.h" : "w2cl_ops.h", uses->atomics ? "#include \"w2cl_atomic.h\"\n" : "");
    sb_puts(c, "/* A wasm function may call itself unconditionally: the call depth\n"
               "   turns that into a trap, so the compiler's warning does not apply.\n"
               "   One that nothing calls or references is dead code of the module. */\n"
               "#if defined(__clang__)\n#pragma clang diagnostic ignored \"-Winfinite-recursion\"\n"
               "#pragma clang diagnostic ignored \"-Wunused-function\"\n"
               "#elif defined(__GNUC__)\n#pragma GCC diagnostic ignored \"-Wunused-function\"\n"
               "#if __GNUC__ >= 12\n#pragma GCC diagnostic ignored \"-Winfinite-recursion\"\n#endif\n#endif\n\n");
}

/* Prototypes of the functions the module defines. */
static void emit_prototypes(emit_ctx *e, strbuf *c) {
    for (uint32_t f = e->m->nfunc_imports; f < e->m->nfuncs; f++) {
        sb_puts(c, e->opt->split ? "extern " : "static ");
        strbuf name;
        sb_init(&name, e->d);
        emit_func_name(&name, e, f);
        emit_func_decl(c, e->m, e->m->funcs[f].type_idx, name.data, DEPTH_PARAMS, NULL);
        sb_puts(c, ";\n");
        if (needs_pointer_entry(e->m, f)) {
            sb_puts(c, e->opt->split ? "extern " : "static ");
            sb_puts(&name, "_entry");
            emit_func_decl(c, e->m, e->m->funcs[f].type_idx, name.data, "void *ctx", NULL);
            sb_puts(c, ";\n");
        }
        sb_free(&name);
    }
    sb_puts(c, "\n");
}

/* Split output: the type objects and data arrays the functions use are
   extern, renamed into the module's name space as "foo__type3" (no
   export's C name, "foo_" + mangled name, starts "foo__" + a lowercase
   letter); the C text keeps the short names, which are no other
   identifier's prefix. */
static void emit_shared_objects(emit_ctx *e, strbuf *s) {
    const module *m = e->m;
    for (uint32_t t = 0; t < m->ntypes; t++)
        if (e->type_used[t])
            sb_printf(s, "#define type%u %s__type%u\nextern const w2cl_functype type%u;\n", t, e->prefix, t, t);
    for (uint32_t i = 0; i < m->ndatas; i++)
        if (e->data_used[i])
            sb_printf(s, "#define data%u %s__data%u\nextern const uint8_t data%u[%zu];\n", i, e->prefix, i, i,
                      m->datas[i].bytes.len ? m->datas[i].bytes.len : 1);
    sb_puts(s, "\n");
}

/* Split output: the functions go to the parts in order, each part about
   an equal share of the code. */
static void emit_parts(emit_ctx *e, const emit_outputs *out) {
    const module *m = e->m;
    uint64_t total = 0, done = 0;
    for (uint32_t f = m->nfunc_imports; f < m->nfuncs; f++)
        total += m->funcs[f].body.len;
    uint32_t f = m->nfunc_imports;
    for (unsigned k = 0; k < e->opt->split; k++) {
        uint32_t from = f;
        uint64_t share = total * (k + 1) / e->opt->split;
        while (f < m->nfuncs && (k + 1 == e->opt->split || done + m->funcs[f].body.len / 2 < share))
            done += m->funcs[f++].body.len;
        strbuf *p = &out->parts[k];
        sb_printf(p, "/* Generated by wasm2c-lite from %s, part %u of %u: ", file_name(m), k + 1, e->opt->split);
        if (f > from)
            sb_printf(p, "functions %u to %u. Do not edit. */\n", from, f - 1);
        else
            sb_puts(p, "no functions. Do not edit. */\n");
        sb_printf(p, "#include \"%s\"\n\n", out->shared_name);
        emit_function_range(e, from, f, p);
    }
}

/* A memory no code grows that is neither imported nor exported keeps its
   size: the local copies of it (emit_func.c) need no refresh after calls. */
static void mark_fixed_memories(emit_ctx *e, const code_uses *uses) {
    const module *m = e->m;
    e->mem_fixed = arena_array(e->a, m->nmems ? m->nmems : 1, 1);
    for (uint32_t i = 0; i < m->nmems; i++)
        e->mem_fixed[i] = !m->mems[i].imported && !uses->mem_grown[i];
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == EXT_MEMORY)
            e->mem_fixed[m->exports[i].index] = 0;
}

/* emit_ctx.func_type_idx and func_plain. */
static void index_callees(emit_ctx *e) {
    const module *m = e->m;
    e->func_type_idx = arena_array(e->a, m->nfuncs ? m->nfuncs : 1, sizeof *e->func_type_idx);
    e->func_plain = arena_array(e->a, m->nfuncs ? m->nfuncs : 1, 1);
    for (uint32_t f = 0; f < m->nfuncs; f++) {
        e->func_type_idx[f] = m->funcs[f].type_idx;
        e->func_plain[f] = !m->funcs[f].imported && !(m->funcs[f].name && m->funcs[f].name[0]);
    }
}

void emit_module_with(const module *m, const emit_options *opt, const code_uses *uses, const char *prefix,
                      const emit_outputs *out, arena *a, diag *d) {
    static const emit_options defaults = {0, 0, 0, 0, 0, 0, 0, 0};
    emit_ctx e = {m, prefix, a, d, NULL, NULL, NULL, 0, opt ? opt : &defaults, NULL, NULL, 0, NULL, NULL, NULL};
    size_storage(&e);
    index_callees(&e);
    size_t ntypes = m->ntypes ? m->ntypes : 1, ndatas = m->ndatas ? m->ndatas : 1;
    e.type_used = arena_array(a, ntypes, 1);
    e.data_used = arena_array(a, ndatas, 1);
    uint8_t *thunk_used = arena_array(a, ntypes, 1);
    for (uint32_t f = 0; f < m->nfuncs; f++)
        thunk_used[m->funcs[f].type_idx] = 1;
    mark_declared(&e, uses);
    mark_fixed_memories(&e, uses);
    uint8_t *types_declared = arena_array(a, ntypes, 1), *datas_declared = arena_array(a, ndatas, 1);
    memcpy(types_declared, e.type_used, ntypes);
    memcpy(datas_declared, e.data_used, ndatas);

    emit_header(&e, out->h);

    /* Declarations, then the bodies, which go straight to the output (it
       may be a sink), then instantiate and the rest. */
    strbuf *c = out->c;
    sb_printf(c, "/* Generated by wasm2c-lite from %s. Do not edit. */\n", file_name(m));
    if (!e.opt->split) {
        emit_includes(c, out->header_name, uses);
        emit_typedefs(&e, c);
        emit_types(&e, c);
        emit_thunks(&e, c, thunk_used);
        emit_data(&e, c);
        emit_prototypes(&e, c);
        emit_tail_prelude(&e, c, c);
        emit_function_range(&e, m->nfunc_imports, m->nfuncs, c);
    } else {
        strbuf *s = out->shared;
        sb_printf(s, "/* Generated by wasm2c-lite from %s. Do not edit. */\n"
                     "/* What the .c files of a module split with --split share; not for embedders. */\n"
                     "#ifndef %s_SHARED_H_GENERATED\n#define %s_SHARED_H_GENERATED\n\n", file_name(m), prefix, prefix);
        emit_includes(s, out->header_name, uses);
        emit_typedefs(&e, s);
        emit_shared_objects(&e, s);
        emit_prototypes(&e, s);
        sb_printf(c, "#include \"%s\"\n\n", out->shared_name);
        emit_types(&e, c);
        emit_thunks(&e, c, thunk_used);
        emit_data(&e, c);
        emit_tail_prelude(&e, s, c);
        sb_puts(s, "#endif\n");
        emit_parts(&e, out);
    }
    emit_instantiate(&e, c);
    emit_resolve(&e, c);
    emit_exports(&e, c);
    check_declared(&e, uses, types_declared, datas_declared);
}
