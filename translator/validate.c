#include "validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm_features.h"
#include "insn.h"

/* The operand stack's "unknown" type: what unreachable code pops. */
#define VT_ANY VT_NONE

/* Implementation limit on the operand stack height: a few bytes of `call`
   to a function with thousands of results could otherwise ask for
   gigabytes. Real code stays far below. */
enum { MAX_STACK = 1 << 20 };

enum { MEMORY_MAX_PAGES = 65536 };
#define MEMORY64_MAX_PAGES (UINT64_C(1) << 48)

/* Parameters and results of a block, loop, if or function. */
typedef struct {
    const valtype *params, *results;
    uint32_t nparams, nresults;
} sig;

typedef struct {
    opcode op; /* BLOCK, LOOP, IF or ELSE; the function's own frame is BLOCK */
    sig s;
    uint32_t height; /* operand stack height at entry */
    int unreachable;
} frame;

typedef struct {
    const module *m;
    arena *a;
    diag *d;
    size_t at; /* file offset of what is being checked (messages) */
    /* Stacks, reused from one function to the next (heap, not arena: the
       arena is rolled back after each function). */
    valtype *vals;
    uint32_t nvals, capvals;
    frame *ctrl;
    uint32_t nctrl, capctrl;
    uint32_t ndead; /* frames marked unreachable: code is translated while 0 */
    code_uses *uses;
    /* The function being checked. */
    const func *fn;
    const func_type *fty;
    /* By function, its type index (funcs[i].type_idx): calls look it up at
       random, and this small array stays in cache where funcs does not. */
    uint32_t *func_type_idx;
} vctx;

static DIAG_NORETURN DIAG_PRINTF(2, 3) void invalid(vctx *v, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_fail(v->d, DIAG_INVALID, v->at, "%s", msg);
}

static int is_num(valtype t) {
    return t == VT_I32 || t == VT_I64 || t == VT_F32 || t == VT_F64 || t == VT_V128 || t == VT_ANY;
}

static int is_ref(valtype t) { return t == VT_FUNCREF || t == VT_EXTERNREF || t == VT_ANY; }

/* --- operand and control stacks ------------------------------------------ */

static void *grow(diag *d, void *old, uint32_t *cap, size_t size) {
    uint32_t newcap = *cap ? *cap * 2 : 64;
    void *p = diag_realloc(d, old, (size_t)newcap * size);
    *cap = newcap;
    return p;
}

static frame *top(vctx *v) { return &v->ctrl[v->nctrl - 1]; }

static void push(vctx *v, valtype t) {
    if (v->nvals == v->capvals) {
        if (v->capvals >= MAX_STACK)
            diag_fail(v->d, DIAG_UNSUPPORTED, v->at, "operand stack deeper than %d values",
                      MAX_STACK);
        v->vals = grow(v->d, v->vals, &v->capvals, sizeof(valtype));
    }
    if (t == VT_V128 && v->ndead == 0) /* a v128 slot in the C */
        v->uses->simd = 1;
    v->vals[v->nvals++] = t;
}

static valtype pop(vctx *v) {
    frame *f = top(v);
    if (v->nvals == f->height) {
        if (f->unreachable)
            return VT_ANY;
        invalid(v, "type mismatch");
    }
    return v->vals[--v->nvals];
}

static valtype pop_expect(vctx *v, valtype want) {
    valtype got = pop(v);
    if (got != want && got != VT_ANY && want != VT_ANY)
        invalid(v, "type mismatch");
    return got;
}

static void push_types(vctx *v, const valtype *ts, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        push(v, ts[i]);
}

static void pop_types(vctx *v, const valtype *ts, uint32_t n) {
    for (uint32_t i = n; i-- > 0;)
        pop_expect(v, ts[i]);
}

static void push_ctrl(vctx *v, opcode op, sig s) {
    if (v->nctrl == v->capctrl)
        v->ctrl = grow(v->d, v->ctrl, &v->capctrl, sizeof(frame));
    frame *f = &v->ctrl[v->nctrl++];
    f->op = op;
    f->s = s;
    f->height = v->nvals;
    f->unreachable = 0;
    push_types(v, s.params, s.nparams);
}

static frame pop_ctrl(vctx *v) {
    frame f = *top(v);
    pop_types(v, f.s.results, f.s.nresults);
    if (v->nvals != f.height)
        invalid(v, "type mismatch");
    v->nctrl--;
    v->ndead -= f.unreachable != 0;
    return f;
}

static void set_unreachable(vctx *v) {
    frame *f = top(v);
    v->nvals = f->height;
    v->ndead += !f->unreachable;
    f->unreachable = 1;
}

/* The frame a branch to `depth` targets, and the types it carries: a loop's
   label takes its parameters (the branch restarts it), others their results. */
static const frame *label(vctx *v, uint32_t depth) {
    if (depth >= v->nctrl)
        invalid(v, "unknown label");
    return &v->ctrl[v->nctrl - 1 - depth];
}

static uint32_t label_arity(const frame *f) {
    return f->op == OP_LOOP ? f->s.nparams : f->s.nresults;
}

static const valtype *label_types(const frame *f) {
    return f->op == OP_LOOP ? f->s.params : f->s.results;
}

/* --- index lookups ------------------------------------------------------ */

static const func_type *need_type(vctx *v, uint32_t idx) {
    if (idx >= v->m->ntypes)
        invalid(v, "unknown type %u", idx);
    return &v->m->types[idx];
}

static void need_func(vctx *v, uint32_t idx) {
    if (idx >= v->m->nfuncs)
        invalid(v, "unknown function %u", idx);
}

static const table *need_table(vctx *v, uint32_t idx) {
    if (idx >= v->m->ntables)
        invalid(v, "unknown table %u", idx);
    return &v->m->tables[idx];
}

static void need_memory(vctx *v, uint32_t idx) {
    if (idx >= v->m->nmems)
        invalid(v, "unknown memory %u", idx);
}

static const global *need_global(vctx *v, uint32_t idx, uint32_t nvisible) {
    if (idx >= nvisible)
        invalid(v, "unknown global %u", idx);
    return &v->m->globals[idx];
}

static const elem_segment *need_elem(vctx *v, uint32_t idx) {
    if (idx >= v->m->nelems)
        invalid(v, "unknown elem segment %u", idx);
    return &v->m->elems[idx];
}

static void need_data(vctx *v, uint32_t idx) {
    if (idx >= v->m->ndatas)
        invalid(v, "unknown data segment %u", idx);
}

static const func_type *need_tag(vctx *v, uint32_t idx) {
    if (idx >= v->m->ntags)
        invalid(v, "unknown tag %u", idx);
    return &v->m->types[v->m->tags[idx].type_idx];
}

static valtype local_type(vctx *v, uint32_t idx) {
    uint32_t np = v->fty->nparams;
    if (idx < np)
        return v->fty->types[idx];
    if (idx - np < v->fn->nlocals)
        return v->fn->locals[idx - np];
    invalid(v, "unknown local %u", idx);
}

/* --- instructions --------------------------------------------------------- */

/* A pointer to a static copy of `t`: a one-result block type needs an array. */
static const valtype *one_type(valtype t) {
    static const valtype all[] = {VT_I32,     VT_I64,     VT_F32,      VT_F64,
                                  VT_V128,    VT_FUNCREF, VT_EXTERNREF};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i] == t)
            return &all[i];
    return NULL; /* read_valtype admits no other type */
}

static sig block_sig(vctx *v, const insn *in) {
    sig s = {NULL, NULL, 0, 0};
    if (in->bt_kind == BT_VALUE) {
        s.results = one_type(in->vt);
        s.nresults = 1;
    } else if (in->bt_kind == BT_TYPEIDX) {
        const func_type *ft = need_type(v, in->a);
        s.params = ft->types;
        s.nparams = ft->nparams;
        s.results = ft->types + ft->nparams;
        s.nresults = ft->nresults;
    }
    return s;
}

static void check_block_start(vctx *v, const insn *in) {
    sig s = block_sig(v, in);
    if (in->op == OP_IF)
        pop_expect(v, VT_I32);
    pop_types(v, s.params, s.nparams);
    push_ctrl(v, in->op, s);
}

static void check_else(vctx *v) {
    if (top(v)->op != OP_IF)
        diag_fail(v->d, DIAG_MALFORMED, v->at, "else without matching if");
    frame f = pop_ctrl(v);
    push_ctrl(v, OP_ELSE, f.s);
}

static void check_end(vctx *v) {
    frame f = pop_ctrl(v);
    /* An if without else has an empty else branch: params must pass
       through unchanged to become the results. */
    if (f.op == OP_IF) {
        push_ctrl(v, OP_ELSE, f.s);
        f = pop_ctrl(v);
    }
    push_types(v, f.s.results, f.s.nresults);
}

/* The operands on top of the stack match `types` (in place: what br_table
   does for each target, popping and pushing back what it found). */
static void peek_types(vctx *v, const valtype *types, uint32_t n) {
    const frame *f = top(v);
    for (uint32_t i = 0; i < n; i++) {
        valtype want = types[n - 1 - i];
        if (v->nvals - f->height <= i) { /* below this frame's operands */
            if (!f->unreachable)
                invalid(v, "type mismatch");
            continue;
        }
        valtype got = v->vals[v->nvals - 1 - i];
        if (got != want && got != VT_ANY)
            invalid(v, "type mismatch");
    }
}

static int cmp_types_ptr(const void *pa, const void *pb) {
    uintptr_t a = (uintptr_t)*(const valtype *const *)pa, b = (uintptr_t)*(const valtype *const *)pb;
    return a < b ? -1 : a > b;
}

static void check_br_table(vctx *v, const insn *in) {
    pop_expect(v, VT_I32);
    const frame *dflt = label(v, in->a);
    uint32_t arity = label_arity(dflt);
    /* Each distinct label type is checked once: n targets of a type with
       many results would otherwise cost n times the results. */
    const valtype **types = arena_array(v->a, in->ntargets ? in->ntargets : 1, sizeof *types);
    for (uint32_t i = 0; i < in->ntargets; i++) {
        const frame *t = label(v, in->targets[i]);
        if (label_arity(t) != arity)
            invalid(v, "type mismatch");
        types[i] = label_types(t);
    }
    if (arity > 0) {
        qsort(types, in->ntargets, sizeof *types, cmp_types_ptr);
        for (uint32_t i = 0; i < in->ntargets; i++)
            if (i == 0 || types[i] != types[i - 1])
                peek_types(v, types[i], arity);
    }
    pop_types(v, label_types(dflt), arity);
    set_unreachable(v);
}

static void check_branch(vctx *v, const insn *in) {
    if (in->op == OP_BR_TABLE) {
        check_br_table(v, in);
        return;
    }
    if (in->op == OP_BR_IF)
        pop_expect(v, VT_I32);
    const frame *f = label(v, in->a);
    const valtype *ts = label_types(f);
    uint32_t n = label_arity(f);
    pop_types(v, ts, n);
    if (in->op == OP_BR_IF)
        push_types(v, ts, n);
    else
        set_unreachable(v);
}

static const func_type *callee_type(vctx *v, uint32_t f) { return &v->m->types[v->func_type_idx[f]]; }

static void check_call_type(vctx *v, const func_type *ft) {
    pop_types(v, ft->types, ft->nparams);
    push_types(v, ft->types + ft->nparams, ft->nresults);
}

static void check_call(vctx *v, const insn *in) {
    if (in->op == OP_CALL) {
        need_func(v, in->a);
        check_call_type(v, callee_type(v, in->a));
        return;
    }
    const table *t = need_table(v, in->b);
    const func_type *ft = need_type(v, in->a);
    if (t->elem_type != VT_FUNCREF)
        invalid(v, "type mismatch");
    pop_expect(v, VT_I32);
    check_call_type(v, ft);
}

/* return_call(_indirect): a call whose results are the function's own. */
static void check_return_call(vctx *v, const insn *in) {
    const func_type *ft;
    if (in->op == OP_RETURN_CALL) {
        need_func(v, in->a);
        ft = callee_type(v, in->a);
    } else {
        const table *t = need_table(v, in->b);
        ft = need_type(v, in->a);
        if (t->elem_type != VT_FUNCREF)
            invalid(v, "type mismatch");
        pop_expect(v, VT_I32);
    }
    const func_type *own = v->fty;
    if (ft->nresults != own->nresults ||
        (own->nresults && memcmp(ft->types + ft->nparams, own->types + own->nparams, own->nresults)))
        invalid(v, "type mismatch");
    pop_types(v, ft->types, ft->nparams);
    set_unreachable(v);
}

/* --- exception handling (the legacy proposal) ------------------------------ */

/* catch x / catch_all: ends the try's body (or the previous catch) like an
   `else`; the handler starts with the tag's values on the stack. */
static void check_catch(vctx *v, const insn *in) {
    opcode op = top(v)->op;
    if (op == OP_CATCH_ALL)
        diag_fail(v->d, DIAG_MALFORMED, v->at, "%s after catch_all", op_infos[in->op].text);
    if (op != OP_TRY && op != OP_CATCH)
        diag_fail(v->d, DIAG_MALFORMED, v->at, "%s without matching try", op_infos[in->op].text);
    frame f = pop_ctrl(v);
    sig s = f.s;
    s.params = NULL;
    s.nparams = 0;
    if (in->op == OP_CATCH) {
        const func_type *ft = need_tag(v, in->a);
        s.params = ft->types;
        s.nparams = ft->nparams;
    }
    push_ctrl(v, in->op, s);
}

/* delegate l: ends a try that has no catch; l counts from outside it. */
static void check_delegate(vctx *v, const insn *in) {
    if (top(v)->op != OP_TRY)
        diag_fail(v->d, DIAG_MALFORMED, v->at, "delegate without matching try");
    frame f = pop_ctrl(v);
    label(v, in->a);
    push_types(v, f.s.results, f.s.nresults);
}

static void check_throw(vctx *v, const insn *in) {
    if (in->op == OP_THROW) {
        const func_type *ft = need_tag(v, in->a);
        pop_types(v, ft->types, ft->nparams);
    } else { /* rethrow l: l must be a catch or catch_all */
        const frame *f = label(v, in->a);
        if (f->op != OP_CATCH && f->op != OP_CATCH_ALL)
            invalid(v, "invalid rethrow label");
    }
    set_unreachable(v);
}

static void check_select(vctx *v, const insn *in) {
    pop_expect(v, VT_I32);
    if (in->op == OP_SELECT_T) {
        pop_expect(v, in->vt);
        pop_expect(v, in->vt);
        push(v, in->vt);
        return;
    }
    /* Untyped select only picks between numeric values of one type. */
    valtype t1 = pop(v), t2 = pop(v);
    if (!is_num(t1) || !is_num(t2))
        invalid(v, "type mismatch");
    if (t1 != t2 && t1 != VT_ANY && t2 != VT_ANY)
        invalid(v, "type mismatch");
    push(v, t1 == VT_ANY ? t2 : t1);
}

static void check_variable(vctx *v, const insn *in) {
    switch (in->op) {
    case OP_LOCAL_GET:
        push(v, local_type(v, in->a));
        break;
    case OP_LOCAL_SET:
        pop_expect(v, local_type(v, in->a));
        break;
    case OP_LOCAL_TEE: {
        valtype t = local_type(v, in->a);
        pop_expect(v, t);
        push(v, t);
        break;
    }
    case OP_GLOBAL_GET:
        push(v, need_global(v, in->a, v->m->nglobals)->type.type);
        break;
    default: { /* OP_GLOBAL_SET */
        const global *g = need_global(v, in->a, v->m->nglobals);
        if (!g->type.mut)
            invalid(v, "global is immutable");
        pop_expect(v, g->type.type);
    }
    }
}

/* Checks a load's or store's memarg; returns the type of its address. */
static valtype check_memarg(vctx *v, const insn *in) {
    need_memory(v, in->b);
    uint32_t natural = op_infos[in->op].size;
    if (in->a >= 32 || (1u << in->a) > natural)
        invalid(v, "alignment must not be larger than natural");
    if (op_infos[in->op].prefix == 0xfe && (1u << in->a) != natural) /* threads: atomics */
        invalid(v, "alignment must be equal to natural");
    if (!v->m->mems[in->b].is64 && in->bits > UINT32_MAX)
        invalid(v, "offset out of range");
    return mem_addr_type(v->m, in->b);
}

static void pop_i32s(vctx *v, int n) {
    for (int i = 0; i < n; i++)
        pop_expect(v, VT_I32);
}

/* The address type of memory `idx`, which must exist. */
static valtype mem_type(vctx *v, uint32_t idx) {
    need_memory(v, idx);
    return mem_addr_type(v->m, idx);
}

/* memory.copy: the length has the smaller of the two address types. */
static void check_memory_copy(vctx *v, const insn *in) {
    valtype dst = mem_type(v, in->a), src = mem_type(v, in->b);
    pop_expect(v, dst == VT_I64 && src == VT_I64 ? VT_I64 : VT_I32);
    pop_expect(v, src);
    pop_expect(v, dst);
}

static void check_memory_op(vctx *v, const insn *in) {
    switch (in->op) {
    case OP_MEMORY_SIZE:
        push(v, mem_type(v, in->a));
        break;
    case OP_MEMORY_GROW: {
        valtype t = mem_type(v, in->a);
        pop_expect(v, t);
        push(v, t);
        break;
    }
    case OP_MEMORY_INIT: { /* dest, source offset, length */
        valtype t = mem_type(v, in->b);
        need_data(v, in->a);
        pop_i32s(v, 2);
        pop_expect(v, t);
        break;
    }
    case OP_DATA_DROP:
        need_data(v, in->a);
        break;
    case OP_MEMORY_COPY:
        check_memory_copy(v, in);
        break;
    default: { /* OP_MEMORY_FILL: dest, byte value, length */
        valtype t = mem_type(v, in->a);
        pop_expect(v, t);
        pop_expect(v, VT_I32);
        pop_expect(v, t);
    }
    }
}

static void check_table_op(vctx *v, const insn *in) {
    switch (in->op) {
    case OP_TABLE_GET:
        pop_expect(v, VT_I32);
        push(v, need_table(v, in->a)->elem_type);
        break;
    case OP_TABLE_SET:
        pop_expect(v, need_table(v, in->a)->elem_type);
        pop_expect(v, VT_I32);
        break;
    case OP_TABLE_INIT: {
        const table *t = need_table(v, in->b);
        if (need_elem(v, in->a)->type != t->elem_type)
            invalid(v, "type mismatch");
        pop_i32s(v, 3);
        break;
    }
    case OP_ELEM_DROP:
        need_elem(v, in->a);
        break;
    case OP_TABLE_COPY: {
        const table *dst = need_table(v, in->a), *src = need_table(v, in->b);
        if (dst->elem_type != src->elem_type)
            invalid(v, "type mismatch");
        pop_i32s(v, 3);
        break;
    }
    case OP_TABLE_GROW: /* init value, delta -> old size */
        pop_expect(v, VT_I32);
        pop_expect(v, need_table(v, in->a)->elem_type);
        push(v, VT_I32);
        break;
    case OP_TABLE_SIZE:
        need_table(v, in->a);
        push(v, VT_I32);
        break;
    default: /* OP_TABLE_FILL: index, value, length */
        pop_expect(v, VT_I32);
        pop_expect(v, need_table(v, in->a)->elem_type);
        pop_expect(v, VT_I32);
    }
}

static void check_ref(vctx *v, const insn *in) {
    switch (in->op) {
    case OP_REF_NULL:
        push(v, in->vt);
        break;
    case OP_REF_IS_NULL:
        if (!is_ref(pop(v)))
            invalid(v, "type mismatch");
        push(v, VT_I32);
        break;
    default: /* OP_REF_FUNC */
        need_func(v, in->a);
        /* Bodies may only take references the module declares elsewhere. */
        if (!v->m->func_declared[in->a])
            invalid(v, "undeclared function reference");
        push(v, VT_FUNCREF);
    }
}

static void check_simple(vctx *v, const op_info *oi) {
    if (oi->p2 != VT_NONE)
        pop_expect(v, oi->p2);
    if (oi->p1 != VT_NONE)
        pop_expect(v, oi->p1);
    if (oi->r != VT_NONE)
        push(v, oi->r);
}

/* A lane immediate indexes lanes of `width` bytes. */
static void check_lane(vctx *v, const insn *in, unsigned width) {
    if (in->lane >= 16 / width)
        invalid(v, "invalid lane index");
}

static void check_shuffle(vctx *v, const insn *in) {
    for (int i = 0; i < 16; i++)
        if (in->v128[i] >= 32)
            invalid(v, "invalid lane index");
    check_simple(v, &op_infos[in->op]);
}

/* v128.loadN_lane / storeN_lane: address, vector -> vector (loads). */
static void check_lane_memory(vctx *v, const insn *in) {
    const op_info *oi = &op_infos[in->op];
    valtype addr = check_memarg(v, in);
    check_lane(v, in, oi->size);
    pop_expect(v, VT_V128);
    pop_expect(v, addr);
    if (oi->r != VT_NONE)
        push(v, oi->r);
}

/* Threads: read-modify-write, compare-exchange (two value operands), the
   waits (value and i64 timeout), notify (i32 count) and atomic.fence. */
static void check_atomic(vctx *v, const insn *in) {
    const op_info *oi = &op_infos[in->op];
    if (in->op == OP_ATOMIC_FENCE) {
        if (in->a != 0) /* a reserved byte, read as a memory index with multi-memory */
            diag_fail(v->d, DIAG_MALFORMED, v->at, "zero byte expected");
        return;
    }
    valtype addr = check_memarg(v, in);
    if (in->op == OP_MEMORY_ATOMIC_WAIT32 || in->op == OP_MEMORY_ATOMIC_WAIT64)
        pop_expect(v, VT_I64);
    pop_expect(v, oi->p2);
    if (strstr(oi->text, "cmpxchg"))
        pop_expect(v, oi->p2);
    pop_expect(v, addr);
    push(v, oi->r);
}

static void check_special(vctx *v, const insn *in) {
    if (op_infos[in->op].prefix == 0xfe) {
        check_atomic(v, in);
        return;
    }
    switch (in->op) {
    case OP_UNREACHABLE: set_unreachable(v); break;
    case OP_NOP: break;
    case OP_BLOCK: case OP_LOOP: case OP_IF: check_block_start(v, in); break;
    case OP_ELSE: check_else(v); break;
    case OP_END: check_end(v); break;
    case OP_BR: case OP_BR_IF: case OP_BR_TABLE: check_branch(v, in); break;
    case OP_RETURN:
        pop_types(v, v->ctrl[0].s.results, v->ctrl[0].s.nresults);
        set_unreachable(v);
        break;
    case OP_CALL: case OP_CALL_INDIRECT: check_call(v, in); break;
    case OP_RETURN_CALL: case OP_RETURN_CALL_INDIRECT: check_return_call(v, in); break;
    case OP_TRY: check_block_start(v, in); break;
    case OP_CATCH: case OP_CATCH_ALL: check_catch(v, in); break;
    case OP_DELEGATE: check_delegate(v, in); break;
    case OP_THROW: case OP_RETHROW: check_throw(v, in); break;
    case OP_DROP: pop(v); break;
    case OP_SELECT: case OP_SELECT_T: check_select(v, in); break;
    case OP_LOCAL_GET: case OP_LOCAL_SET: case OP_LOCAL_TEE:
    case OP_GLOBAL_GET: case OP_GLOBAL_SET: check_variable(v, in); break;
    case OP_I32_CONST: push(v, VT_I32); break;
    case OP_I64_CONST: push(v, VT_I64); break;
    case OP_F32_CONST: push(v, VT_F32); break;
    case OP_F64_CONST: push(v, VT_F64); break;
    case OP_MEMORY_SIZE: case OP_MEMORY_GROW: case OP_MEMORY_INIT: case OP_DATA_DROP:
    case OP_MEMORY_COPY: case OP_MEMORY_FILL: check_memory_op(v, in); break;
    case OP_TABLE_GET: case OP_TABLE_SET: case OP_TABLE_INIT: case OP_ELEM_DROP:
    case OP_TABLE_COPY: case OP_TABLE_GROW: case OP_TABLE_SIZE:
    case OP_TABLE_FILL: check_table_op(v, in); break;
    case OP_REF_NULL: case OP_REF_IS_NULL: case OP_REF_FUNC: check_ref(v, in); break;
    case OP_V128_CONST: push(v, VT_V128); break;
    case OP_I8X16_SHUFFLE: check_shuffle(v, in); break;
    case OP_V128_BITSELECT:
        pop_expect(v, VT_V128);
        check_simple(v, &op_infos[in->op]);
        break;
    case OP_V128_LOAD8_LANE: case OP_V128_LOAD16_LANE: case OP_V128_LOAD32_LANE:
    case OP_V128_LOAD64_LANE: case OP_V128_STORE8_LANE: case OP_V128_STORE16_LANE:
    case OP_V128_STORE32_LANE: case OP_V128_STORE64_LANE: check_lane_memory(v, in); break;
    default:
        /* A CLS_SPECIAL row without a case here: a bug, not bad input. */
        diag_fail(v->d, DIAG_UNSUPPORTED, v->at, "no validation rule for %s",
                  op_infos[in->op].text);
    }
}

static void check_insn(vctx *v, const insn *in) {
    const op_info *oi = &op_infos[in->op];
    /* The most frequent instructions without check_special's dispatch. */
    switch (in->op) {
    case OP_LOCAL_GET:
        push(v, local_type(v, in->a));
        return;
    case OP_LOCAL_SET:
        pop_expect(v, local_type(v, in->a));
        return;
    case OP_I32_CONST:
        push(v, VT_I32);
        return;
    default:
        break;
    }
    switch (oi->cls) {
    case CLS_SIMPLE:
        check_simple(v, oi);
        break;
    case CLS_LOAD:
        pop_expect(v, check_memarg(v, in));
        push(v, oi->r);
        break;
    case CLS_STORE: {
        valtype addr = check_memarg(v, in);
        pop_expect(v, oi->p2);
        pop_expect(v, addr);
        break;
    }
    case CLS_LANE:
        check_lane(v, in, oi->size);
        check_simple(v, oi);
        break;
    case CLS_SPECIAL:
        check_special(v, in);
        break;
    }
}

/*
 * A decode-only pass over one body: instructions up to the `end` closing the
 * function, which must be the body's last byte. The spec decodes the whole
 * module before validating it, so these encoding errors come first.
 */
static void decode_body(vctx *v, const func *f) {
    const module *m = v->m;
    insn_reader ir = {{m->bytes, f->body.start, f->body.start + f->body.len, v->d}, v->a, m->features};
    arena_mark mark = arena_save(v->a); /* br_table lists */
    uint32_t depth = 1; /* the function's own block */
    while (depth > 0) {
        if (rd_at_end(&ir.r))
            diag_fail(v->d, DIAG_MALFORMED, rd_offset(&ir.r), "END opcode expected");
        insn in;
        insn_read(&ir, &in);
        if (in.op == OP_BLOCK || in.op == OP_LOOP || in.op == OP_IF || in.op == OP_TRY)
            depth++;
        else if (in.op == OP_END || in.op == OP_DELEGATE)
            depth--;
        /* Data indices in code need the data count section, so that a
           one-pass decoder knows them. */
        else if ((in.op == OP_MEMORY_INIT || in.op == OP_DATA_DROP) && !m->has_data_count)
            diag_fail(v->d, DIAG_MALFORMED, in.offset, "data count section required");
    }
    if (!rd_at_end(&ir.r))
        diag_fail(v->d, DIAG_MALFORMED, rd_offset(&ir.r), "section size mismatch");
    arena_release(v->a, mark);
}

/* Records what a translated instruction needs declared (code_uses). */
static void note_uses(vctx *v, const insn *in) {
    uint8_t prefix = op_infos[in->op].prefix;
    if (prefix == 0xfd)
        v->uses->simd = 1;
    else if (prefix == 0xfe)
        v->uses->atomics = 1;
    else if (in->op == OP_CALL_INDIRECT || in->op == OP_RETURN_CALL_INDIRECT)
        v->uses->type_called[in->a] = 1;
    else if (in->op == OP_MEMORY_INIT)
        v->uses->data_inited[in->a] = 1;
    else if (in->op == OP_MEMORY_GROW)
        v->uses->mem_grown[in->a] = 1;
}

/* Type-checks one body. Unless `decoded` (decode_body ran), also checks
   what decode_body would: the walk ends at the body's last byte, and data
   indices need the data count section. */
static void check_body(vctx *v, const func *f, int decoded) {
    const module *m = v->m;
    v->fn = f;
    v->fty = func_type_of(m, (uint32_t)(f - m->funcs));
    v->nvals = v->nctrl = v->ndead = 0;
    /* Parameters, locals and results are C variables too. */
    for (uint32_t i = 0; i < v->fty->nparams + v->fty->nresults; i++)
        if (v->fty->types[i] == VT_V128)
            v->uses->simd = 1;
    for (uint32_t i = 0; i < f->nlocals; i++)
        if (f->locals[i] == VT_V128)
            v->uses->simd = 1;
    insn_reader ir = {{m->bytes, f->body.start, f->body.start + f->body.len, v->d}, v->a, m->features};
    sig s = {NULL, v->fty->types + v->fty->nparams, 0, v->fty->nresults};
    v->at = f->body.offset;
    push_ctrl(v, OP_BLOCK, s);
    arena_mark mark = arena_save(v->a); /* br_table lists */
    while (v->nctrl > 0) {
        insn in;
        insn_read(&ir, &in);
        v->at = in.offset;
        if (!decoded && (in.op == OP_MEMORY_INIT || in.op == OP_DATA_DROP) && !m->has_data_count)
            diag_fail(v->d, DIAG_MALFORMED, in.offset, "data count section required");
        int live = v->ndead == 0;
        check_insn(v, &in);
        if (live)
            note_uses(v, &in);
    }
    if (!decoded && !rd_at_end(&ir.r))
        diag_fail(v->d, DIAG_MALFORMED, rd_offset(&ir.r), "section size mismatch");
    arena_release(v->a, mark);
}

/* --- constant expressions --------------------------------------------------- */

/* i32/i64 add, sub and mul: constant with extended-const. */
static int is_extended_const(opcode op) {
    switch (op) {
    case OP_I32_ADD: case OP_I32_SUB: case OP_I32_MUL:
    case OP_I64_ADD: case OP_I64_SUB: case OP_I64_MUL:
        return 1;
    default:
        return 0;
    }
}

/* One instruction of a constant expression, type-checked on the stack. */
static void check_const_insn(vctx *v, const insn *in) {
    const module *m = v->m;
    switch (in->op) {
    case OP_I32_CONST: case OP_I64_CONST: case OP_F32_CONST: case OP_F64_CONST:
    case OP_V128_CONST: case OP_REF_NULL:
        check_special(v, in);
        break;
    case OP_REF_FUNC:
        need_func(v, in->a);
        push(v, VT_FUNCREF);
        break;
    case OP_GLOBAL_GET: {
        const global *g = need_global(v, in->a, m->nglobal_imports);
        if (g->type.mut)
            invalid(v, "constant expression required");
        push(v, g->type.type);
        break;
    }
    default:
        if (!is_extended_const(in->op))
            invalid(v, "constant expression required");
        if (!(m->features & FEAT_EXTENDED_CONST))
            invalid(v, "extended-const support is not enabled (--enable-extended-const)");
        check_simple(v, &op_infos[in->op]);
    }
}

/*
 * Constants, ref.null, ref.func and global.get of an imported immutable
 * global are constant in 2.0; extended-const adds integer add, sub and mul.
 * Checked like a block whose result is `want`.
 */
static void check_const_expr(vctx *v, byte_span e, valtype want) {
    const module *m = v->m;
    insn_reader ir = {{m->bytes, e.start, e.start + e.len, v->d}, v->a, m->features};
    sig s = {NULL, one_type(want), 0, 1};
    v->nvals = v->nctrl = v->ndead = 0;
    push_ctrl(v, OP_BLOCK, s);
    for (;;) {
        insn in;
        insn_read(&ir, &in);
        v->at = in.offset;
        if (in.op == OP_END)
            break;
        check_const_insn(v, &in);
    }
    pop_ctrl(v);
}

/* --- module level ------------------------------------------------------------ */

static void check_limits(vctx *v, limits l, uint64_t range, const char *too_large) {
    if (l.min > range || (l.has_max && l.max > range))
        invalid(v, "%s", too_large);
    if (l.has_max && l.min > l.max)
        invalid(v, "size minimum must not be greater than maximum");
}

static void check_funcs(vctx *v) {
    v->func_type_idx = arena_array(v->a, v->m->nfuncs ? v->m->nfuncs : 1, sizeof *v->func_type_idx);
    for (uint32_t i = 0; i < v->m->nfuncs; i++) {
        v->at = v->m->funcs[i].entry_offset;
        need_type(v, v->m->funcs[i].type_idx);
        v->func_type_idx[i] = v->m->funcs[i].type_idx;
    }
}

static void check_tables_and_memories(vctx *v) {
    const module *m = v->m;
    for (uint32_t i = 0; i < m->ntables; i++) {
        v->at = m->tables[i].entry_offset;
        check_limits(v, m->tables[i].lim, UINT32_MAX, "table size must be at most 2^32-1");
    }
    for (uint32_t i = 0; i < m->nmems; i++) {
        v->at = m->mems[i].entry_offset;
        if (m->mems[i].is64)
            check_limits(v, m->mems[i].lim, MEMORY64_MAX_PAGES,
                         "memory size must be at most 2^48 pages");
        else
            check_limits(v, m->mems[i].lim, MEMORY_MAX_PAGES,
                         "memory size must be at most 65536 pages (4GiB)");
        if (m->mems[i].shared && !m->mems[i].lim.has_max)
            invalid(v, "shared memory must have maximum");
    }
}

static void check_globals(vctx *v) {
    const module *m = v->m;
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++)
        check_const_expr(v, m->globals[i].init, m->globals[i].type.type);
}

static void check_elem(vctx *v, const elem_segment *s) {
    v->at = s->entry_offset;
    if (s->mode == SEG_ACTIVE) {
        const table *t = need_table(v, s->table);
        if (t->elem_type != s->type)
            invalid(v, "type mismatch");
        check_const_expr(v, s->offset, VT_I32);
    }
    for (uint32_t i = 0; i < s->count; i++) {
        if (s->funcs) {
            v->at = s->entry_offset;
            need_func(v, s->funcs[i]);
        } else {
            check_const_expr(v, s->exprs[i], s->type);
        }
    }
}

static void check_datas(vctx *v) {
    const module *m = v->m;
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const data_segment *s = &m->datas[i];
        if (s->mode != SEG_ACTIVE)
            continue;
        v->at = s->entry_offset;
        need_memory(v, s->mem);
        check_const_expr(v, s->offset, mem_addr_type(m, s->mem));
    }
}

static void check_start(vctx *v) {
    const module *m = v->m;
    if (!m->has_start)
        return;
    v->at = m->start_offset;
    need_func(v, m->start);
    const func_type *ft = func_type_of(m, m->start);
    if (ft->nparams || ft->nresults)
        invalid(v, "start function must have type [] -> []");
}

/* Exception handling: a tag's type has no results, and its values fit the
   runtime's exception record (W2CL_MAX_EXCEPTION_VALUES in rt/w2cl.h). */
enum { MAX_EXCEPTION_VALUES = 32 };

static void check_tags(vctx *v) {
    const module *m = v->m;
    for (uint32_t i = 0; i < m->ntags; i++) {
        v->at = m->tags[i].entry_offset;
        const func_type *ft = need_type(v, m->tags[i].type_idx);
        if (ft->nresults)
            invalid(v, "non-empty tag result type");
        if (ft->nparams > MAX_EXCEPTION_VALUES)
            diag_fail(v->d, DIAG_UNSUPPORTED, v->at,
                      "tag %u has %u parameters; exceptions carry at most %d values", i,
                      ft->nparams, MAX_EXCEPTION_VALUES);
    }
}

static int cmp_export_names(const void *pa, const void *pb) {
    const export_entry *a = *(const export_entry *const *)pa;
    const export_entry *b = *(const export_entry *const *)pb;
    uint32_t n = a->name_len < b->name_len ? a->name_len : b->name_len;
    int c = memcmp(a->name, b->name, n);
    if (c)
        return c;
    if (a->name_len != b->name_len)
        return a->name_len < b->name_len ? -1 : 1;
    /* Equal names: file order, so the second one gets the blame. */
    return a->entry_offset < b->entry_offset ? -1 : a->entry_offset > b->entry_offset;
}

static void check_export_index(vctx *v, const export_entry *e) {
    v->at = e->entry_offset;
    switch (e->kind) {
    case EXT_FUNC: need_func(v, e->index); break;
    case EXT_TABLE: need_table(v, e->index); break;
    case EXT_MEMORY: need_memory(v, e->index); break;
    case EXT_GLOBAL: need_global(v, e->index, v->m->nglobals); break;
    case EXT_TAG: need_tag(v, e->index); break;
    }
}

/* Export names must be unique: sorted, duplicates are neighbours. */
static void check_exports(vctx *v) {
    const module *m = v->m;
    if (m->nexports == 0)
        return;
    const export_entry **sorted = arena_array(v->a, m->nexports, sizeof *sorted);
    for (uint32_t i = 0; i < m->nexports; i++) {
        check_export_index(v, &m->exports[i]);
        sorted[i] = &m->exports[i];
    }
    qsort(sorted, m->nexports, sizeof *sorted, cmp_export_names);
    for (uint32_t i = 1; i < m->nexports; i++) {
        const export_entry *a = sorted[i - 1], *b = sorted[i];
        if (a->name_len == b->name_len && memcmp(a->name, b->name, a->name_len) == 0) {
            v->at = b->entry_offset;
            invalid(v, "duplicate export name");
        }
    }
}

void validate_module(const module *m, code_uses *uses, int spec_order, arena *a, diag *d) {
    vctx v;
    memset(&v, 0, sizeof v);
    v.m = m;
    v.a = a;
    v.d = d;
    memset(uses, 0, sizeof *uses);
    uses->type_called = arena_array(a, m->ntypes ? m->ntypes : 1, 1);
    uses->data_inited = arena_array(a, m->ndatas ? m->ndatas : 1, 1);
    uses->mem_grown = arena_array(a, m->nmems ? m->nmems : 1, 1);
    v.uses = uses;
    for (uint32_t i = m->nfunc_imports; spec_order && i < m->nfuncs; i++)
        decode_body(&v, &m->funcs[i]);
    check_funcs(&v); /* first: everything below may look at function types */
    check_tables_and_memories(&v);
    check_globals(&v);
    for (uint32_t i = 0; i < m->nelems; i++)
        check_elem(&v, &m->elems[i]);
    check_datas(&v);
    check_start(&v);
    check_tags(&v);
    check_exports(&v);
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
        check_body(&v, &m->funcs[i], spec_order);
    diag_free(d, v.vals);
    diag_free(d, v.ctrl);
}
