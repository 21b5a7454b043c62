/*
 * Which loops get a copy without bounds checks (fast_loop.h), found by
 * running the loop body once over symbolic values.
 *
 * A value the analysis can follow is affine: coef * iv + inv + k (mod 2^32),
 * where iv is an induction variable's value at the start of the trip and
 * inv a local the body never sets. An induction variable is an i32 local
 * the body sets only outside nested blocks, the last time to its value at
 * the trip's start plus a step: a constant, or an invariant local plus one. The loop's only way back to its start must be a final
 * `br_if` on a comparison of an induction variable with something
 * invariant: that gives the number of trips when the loop starts. Each
 * access then covers base + i * step over the trips, which one check per
 * group of accesses (same memory, induction variable and invariant) proves
 * in bounds. Exits from the middle only make fewer trips.
 *
 * Accesses whose address is not affine keep their check in that copy
 * (w2cl_..._checked). Anything else in the body (calls, memory.grow, nested
 * loops, atomics, SIMD lane loads and stores, ...) keeps the loop as it is.
 */
#include "fast_loop.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define NONE UINT32_MAX

/* Limits that keep the analysis cheap; larger loops keep their checks. */
enum { MAX_BODY = 4096, MAX_STACK = 128, MAX_NEST = 32, MAX_ACCESSES = 256, MAX_GROUPS = 32, MAX_RUNS = 8 };

typedef struct {
    uint32_t iv, coef; /* coef * (the induction variable iv at the trip's start), or iv NONE */
    uint32_t inv;      /* + an invariant local, or NONE */
    uint32_t k;        /* + a constant */
} affine;

enum { V_UNKNOWN, V_AFFINE, V_COMPARE };

typedef struct {
    int kind;
    affine a, b; /* V_COMPARE: a op b */
    opcode op;
} value;

typedef struct {
    uint32_t mem;
    affine addr;
    uint64_t end;  /* memarg offset + bytes accessed */
    size_t offset; /* of the instruction in the file */
} access;

typedef struct {
    const module *m;
    const valtype *types;
    uint32_t nlocals;
    const uint8_t *body;   /* the first instruction of the body */
    uint32_t *sets;        /* per local: local.set and local.tee of it in the body */
    uint8_t *nested_set;   /* per local: one of them inside a nested block */
    uint8_t *candidate;    /* per local: may be an induction variable */
    affine *step;          /* per local: the step of an induction variable (inv + k) */
    uint8_t *updated;      /* per local: its step was seen in this run */
    uint32_t *seen;        /* per local: its sets so far in this run */
    uint8_t *read_early;   /* per local: read before its first set in this run */
    value *cur;            /* per local: its value at this point of the run */
    value stack[MAX_STACK];
    uint32_t height;
    uint32_t ctl_base[MAX_NEST], ctl_results[MAX_NEST];
    uint32_t depth;        /* blocks open inside the loop body */
    access acc[MAX_ACCESSES];
    uint32_t nacc;
    value exit;            /* the final br_if's condition */
    int have_exit;
} analysis;

static const value unknown = {V_UNKNOWN, {NONE, 0, NONE, 0}, {NONE, 0, NONE, 0}, OP_NOP};

static value affine_value(affine a) {
    value v = unknown;
    v.kind = V_AFFINE;
    v.a = a;
    return v;
}

static value constant(uint32_t k) { return affine_value((affine){NONE, 0, NONE, k}); }

static int is_constant(const value *v) { return v->kind == V_AFFINE && v->a.iv == NONE && v->a.inv == NONE; }

static value add(value x, value y) {
    if (x.kind != V_AFFINE || y.kind != V_AFFINE)
        return unknown;
    affine r = x.a;
    if (y.a.iv != NONE) {
        if (r.iv != NONE && r.iv != y.a.iv)
            return unknown;
        r.coef = (r.iv == NONE ? 0 : r.coef) + y.a.coef;
        r.iv = r.coef ? y.a.iv : NONE;
    }
    if (y.a.inv != NONE) {
        if (r.inv != NONE)
            return unknown;
        r.inv = y.a.inv;
    }
    r.k += y.a.k;
    return affine_value(r);
}

static value scale(value x, uint32_t s) {
    if (x.kind != V_AFFINE || (x.a.inv != NONE && s != 1))
        return unknown;
    affine r = x.a;
    r.coef *= s;
    if (r.coef == 0)
        r.iv = NONE;
    r.k *= s;
    return affine_value(r);
}

/* An i32 instruction the analysis follows; anything else gives unknown. */
static value simple(opcode op, value x, value y) {
    switch (op) {
    case OP_I32_ADD: return add(x, y);
    case OP_I32_SUB: return is_constant(&y) ? add(x, constant(0u - y.a.k)) : unknown;
    case OP_I32_MUL:
        if (is_constant(&y))
            return scale(x, y.a.k);
        return is_constant(&x) ? scale(y, x.a.k) : unknown;
    case OP_I32_SHL: return is_constant(&y) ? scale(x, 1u << (y.a.k & 31)) : unknown;
    case OP_I32_NE: case OP_I32_LT_U: case OP_I32_LT_S: case OP_I32_LE_U: case OP_I32_LE_S:
    case OP_I32_GT_U: case OP_I32_GT_S: case OP_I32_GE_U: case OP_I32_GE_S:
        if (x.kind != V_AFFINE || y.kind != V_AFFINE)
            return unknown;
        {
            value v = unknown;
            v.kind = V_COMPARE;
            v.a = x.a;
            v.b = y.a;
            v.op = op;
            return v;
        }
    default: return unknown;
    }
}

/* ---- The first pass: what the body contains ---------------------------- */

static int allowed(const module *m, const insn *in) {
    const op_info *oi = &op_infos[in->op];
    if (oi->cls == CLS_SIMPLE || oi->cls == CLS_LANE)
        return 1;
    if (oi->cls == CLS_LOAD || oi->cls == CLS_STORE) /* scalar and v128, not atomic */
        return oi->prefix != 0xfe && in->b < m->nmems && !m->mems[in->b].is64 && !m->mems[in->b].shared;
    switch (in->op) {
    case OP_NOP: case OP_ELSE: case OP_END: case OP_BR: case OP_BR_IF: case OP_BR_TABLE:
    case OP_RETURN: case OP_UNREACHABLE: case OP_DROP: case OP_SELECT: case OP_SELECT_T:
    case OP_LOCAL_GET: case OP_LOCAL_SET: case OP_LOCAL_TEE: case OP_GLOBAL_GET: case OP_GLOBAL_SET:
    case OP_I32_CONST: case OP_I64_CONST: case OP_F32_CONST: case OP_F64_CONST: case OP_MEMORY_SIZE:
    case OP_V128_CONST: case OP_I8X16_SHUFFLE: case OP_V128_BITSELECT:
        return 1;
    case OP_BLOCK: case OP_IF:
        return in->bt_kind != BT_TYPEIDX;
    default:
        return 0; /* calls, memory.grow, nested loops, tables, exceptions, ... */
    }
}

/* Is the body worth a closer look: only instructions allowed, some memory
   access, and a br_if back to the start as its last instruction? Cheap,
   and with no allocation: most loops stop here. */
static int worth_a_look(const module *m, insn_reader ir, const uint8_t *body) {
    uint32_t depth = 0, accesses = 0;
    int back = 0; /* the instruction before is a br_if to the loop at its top level */
    for (;;) {
        insn in;
        if ((size_t)(ir.r.p - body) > MAX_BODY)
            return 0;
        insn_read(&ir, &in);
        if (!allowed(m, &in))
            return 0;
        const op_info *oi = &op_infos[in.op];
        accesses += oi->cls == CLS_LOAD || oi->cls == CLS_STORE;
        if (in.op == OP_BLOCK || in.op == OP_IF) {
            depth++;
        } else if (in.op == OP_END) {
            if (depth == 0)
                return back && accesses > 0;
            depth--;
        }
        back = in.op == OP_BR_IF && depth == 0 && in.a == 0;
    }
}

/* Counts the sets of each local, and which are inside nested blocks. */
static void count_sets(analysis *an, insn_reader ir) {
    uint32_t depth = 0;
    for (;;) {
        insn in;
        insn_read(&ir, &in);
        if (in.op == OP_BLOCK || in.op == OP_IF) {
            depth++;
        } else if (in.op == OP_END) {
            if (depth == 0)
                return;
            depth--;
        } else if ((in.op == OP_LOCAL_SET || in.op == OP_LOCAL_TEE) && in.a < an->nlocals) {
            an->sets[in.a]++;
            if (depth > 0)
                an->nested_set[in.a] = 1;
        }
    }
}

/* ---- The second pass: one trip over symbolic values --------------------- */

static int push(analysis *an, value v) {
    if (an->height >= MAX_STACK)
        return 0;
    an->stack[an->height++] = v;
    return 1;
}

static int pop(analysis *an, value *v) {
    if (an->height == 0 || (an->depth > 0 && an->height <= an->ctl_base[an->depth - 1]))
        return 0;
    *v = an->stack[--an->height];
    return 1;
}

static int pop_n(analysis *an, unsigned n) {
    value v;
    while (n--)
        if (!pop(an, &v))
            return 0;
    return 1;
}

static value initial(const analysis *an, uint32_t x) {
    if (an->types[x] != VT_I32)
        return unknown;
    if (an->sets[x] == 0)
        return affine_value((affine){NONE, 0, x, 0});
    if (an->candidate[x])
        return affine_value((affine){x, 1, NONE, 0});
    return unknown;
}

enum { RUN_NO = 0, RUN_OK = 1, RUN_AGAIN = 2 };

/* local.set/tee x = v at the current depth. */
static int set_local(analysis *an, uint32_t x, value v) {
    if (an->candidate[x] && ++an->seen[x] < an->sets[x]) {
        an->cur[x] = v; /* not the last set: x is a plain local until then */
        return RUN_OK;
    }
    if (an->candidate[x]) {
        const affine *a = &v.a;
        if (v.kind == V_AFFINE && a->iv == x && a->coef == 1 && (a->inv != NONE || a->k != 0)) {
            an->step[x] = (affine){NONE, 0, a->inv, a->k};
            an->updated[x] = 1;
            an->cur[x] = v;
            return RUN_OK;
        }
        an->candidate[x] = 0; /* not x = x + step: a plain local */
        if (an->read_early[x])
            return RUN_AGAIN; /* read as an induction variable: the run starts over */
        an->cur[x] = v;
        return RUN_OK;
    }
    an->cur[x] = an->depth == 0 && an->types[x] == VT_I32 ? v : unknown;
    return RUN_OK;
}

/* Skips unreachable code up to the else or end of the current block
   (left unread). 0 if that block is the loop itself. */
static int skip_dead(analysis *an, insn_reader *ir) {
    if (an->depth == 0)
        return 0;
    uint32_t nested = 0;
    for (;;) {
        const uint8_t *at = ir->r.p;
        insn in;
        insn_read(ir, &in);
        if (in.op == OP_BLOCK || in.op == OP_IF) {
            nested++;
        } else if (in.op == OP_END || in.op == OP_ELSE) {
            if (nested == 0) {
                ir->r.p = at;
                an->height = an->ctl_base[an->depth - 1];
                return 1;
            }
            if (in.op == OP_END)
                nested--;
        }
    }
}

static int run(analysis *an, insn_reader ir) {
    an->height = 0;
    an->depth = 0;
    an->nacc = 0;
    an->have_exit = 0;
    for (uint32_t x = 0; x < an->nlocals; x++) {
        an->cur[x] = initial(an, x);
        an->updated[x] = 0;
        an->seen[x] = 0;
        an->read_early[x] = 0;
    }
    for (;;) {
        insn in;
        value x, y, z;
        insn_read(&ir, &in);
        if (an->have_exit && !(in.op == OP_END && an->depth == 0))
            return RUN_NO; /* the br_if back must be the body's last instruction */
        const op_info *oi = &op_infos[in.op];
        if (oi->cls == CLS_SIMPLE || oi->cls == CLS_LANE) {
            y = x = unknown;
            if (oi->p2 != VT_NONE && !pop(an, &y))
                return RUN_NO;
            if (oi->p1 != VT_NONE && !pop(an, &x))
                return RUN_NO;
            if (oi->r != VT_NONE && !push(an, oi->r == VT_I32 ? simple(in.op, x, y) : unknown))
                return RUN_NO;
            continue;
        }
        if (oi->cls == CLS_LOAD || oi->cls == CLS_STORE) {
            if (oi->cls == CLS_STORE && !pop(an, &y))
                return RUN_NO;
            if (!pop(an, &x) || an->nacc == MAX_ACCESSES)
                return RUN_NO;
            if (x.kind == V_AFFINE) /* the others keep their check */
                an->acc[an->nacc++] = (access){in.b, x.a, in.bits + oi->size, in.offset};
            if (oi->cls == CLS_LOAD && !push(an, unknown))
                return RUN_NO;
            continue;
        }
        switch (in.op) {
        case OP_NOP:
            break;
        case OP_I32_CONST:
            if (!push(an, constant((uint32_t)in.bits)))
                return RUN_NO;
            break;
        case OP_I64_CONST: case OP_F32_CONST: case OP_F64_CONST: case OP_GLOBAL_GET: case OP_MEMORY_SIZE:
        case OP_V128_CONST:
            if (!push(an, unknown))
                return RUN_NO;
            break;
        case OP_I8X16_SHUFFLE:
            if (!pop_n(an, 2) || !push(an, unknown))
                return RUN_NO;
            break;
        case OP_GLOBAL_SET: case OP_DROP:
            if (!pop_n(an, 1))
                return RUN_NO;
            break;
        case OP_SELECT: case OP_SELECT_T: case OP_V128_BITSELECT:
            if (!pop_n(an, 3) || !push(an, unknown))
                return RUN_NO;
            break;
        case OP_LOCAL_GET:
            if (in.a >= an->nlocals || !push(an, an->cur[in.a]))
                return RUN_NO;
            if (an->seen[in.a] == 0)
                an->read_early[in.a] = 1;
            break;
        case OP_LOCAL_SET: case OP_LOCAL_TEE: {
            if (in.a >= an->nlocals || !pop(an, &x))
                return RUN_NO;
            int r = set_local(an, in.a, x);
            if (r != RUN_OK)
                return r;
            if (in.op == OP_LOCAL_TEE && !push(an, an->cur[in.a]))
                return RUN_NO;
            break;
        }
        case OP_BLOCK: case OP_IF:
            if ((in.op == OP_IF && !pop(an, &x)) || an->depth == MAX_NEST)
                return RUN_NO;
            an->ctl_base[an->depth] = an->height;
            an->ctl_results[an->depth] = in.bt_kind == BT_VALUE ? 1 : 0; /* no type index: scan */
            an->depth++;
            break;
        case OP_ELSE:
            an->height = an->ctl_base[an->depth - 1];
            break;
        case OP_END:
            if (an->depth == 0)
                return an->have_exit ? RUN_OK : RUN_NO;
            an->depth--;
            an->height = an->ctl_base[an->depth];
            for (uint32_t i = 0; i < an->ctl_results[an->depth]; i++)
                if (!push(an, unknown))
                    return RUN_NO;
            break;
        case OP_BR_IF:
            if (!pop(an, &z))
                return RUN_NO;
            if (in.a == an->depth) { /* back to the loop's start */
                if (an->depth != 0)
                    return RUN_NO;
                an->exit = z;
                an->have_exit = 1;
            } /* else a branch out of a nested block or of the loop: fine */
            break;
        case OP_BR: case OP_BR_TABLE: case OP_RETURN: case OP_UNREACHABLE:
            if (in.op == OP_BR && in.a == an->depth)
                return RUN_NO; /* a `continue` */
            if (in.op == OP_BR_TABLE) {
                if (in.a == an->depth)
                    return RUN_NO;
                for (uint32_t i = 0; i < in.ntargets; i++)
                    if (in.targets[i] == an->depth)
                        return RUN_NO;
            }
            if (!skip_dead(an, &ir))
                return RUN_NO;
            break;
        default:
            return RUN_NO;
        }
    }
}

/* ---- The conditions ----------------------------------------------------- */

static void put_affine(strbuf *sb, const affine *a, char *const *names) {
    int any = 0;
    if (a->iv != NONE) {
        sb_puts(sb, names[a->iv]);
        if (a->coef != 1)
            sb_printf(sb, " * %" PRIu32 "u", a->coef);
        any = 1;
    }
    if (a->inv != NONE) {
        sb_printf(sb, "%s%s", any ? " + " : "", names[a->inv]);
        any = 1;
    }
    if (a->k != 0 || !any)
        sb_printf(sb, "%s%" PRIu32 "u", any ? " + " : "", a->k);
}

static int32_t as_signed(uint32_t x) { return x <= INT32_MAX ? (int32_t)x : -(int32_t)(0u - x - 1) - 1; }

/* How far the affine value moves per trip: coef * (the step of its iv).
   *constant is set when that is known now, to its value. */
static affine step_of(const analysis *an, const affine *a, int *known, int32_t *constant) {
    affine s = {NONE, 0, NONE, 0};
    if (a->iv != NONE) {
        s = an->step[a->iv];
        s.k *= a->coef;
        s.coef = a->coef; /* the multiplier of s.inv */
    }
    *known = s.inv == NONE;
    *constant = as_signed(s.k);
    return s;
}

/* The step as C: a number, or w2cl_s32(l3 * 4u + 8u) for an invariant one. */
static void put_step(strbuf *sb, const analysis *an, const affine *a, char *const *names) {
    int known;
    int32_t constant;
    affine s = step_of(an, a, &known, &constant);
    if (known) {
        if (constant == INT32_MIN)
            sb_puts(sb, "INT32_MIN");
        else
            sb_printf(sb, "%" PRId32, constant);
        return;
    }
    sb_printf(sb, "w2cl_s32(%s", names[s.inv]);
    if (s.coef != 1)
        sb_printf(sb, " * %" PRIu32 "u", s.coef);
    if (s.k)
        sb_printf(sb, " + %" PRIu32 "u", s.k);
    sb_puts(sb, ")");
}

static int is_signed_cmp(opcode op) { return op == OP_I32_LT_S || op == OP_I32_LE_S || op == OP_I32_GT_S || op == OP_I32_GE_S; }

/* Writes the trips expression for the exit condition; 0 if none. */
static int trips_text(const analysis *an, char *const *names, strbuf *sb) {
    value e = an->exit;
    if (e.kind == V_AFFINE) { /* br_if on the value itself: continue while it is not 0 */
        e.kind = V_COMPARE;
        e.b = (affine){NONE, 0, NONE, 0};
        e.op = OP_I32_NE;
    }
    if (e.kind != V_COMPARE)
        return 0;
    if (e.a.iv == NONE) { /* induction variable on the right: swap the sides */
        affine t = e.a;
        e.a = e.b;
        e.b = t;
        switch (e.op) {
        case OP_I32_LT_U: e.op = OP_I32_GT_U; break;
        case OP_I32_LT_S: e.op = OP_I32_GT_S; break;
        case OP_I32_LE_U: e.op = OP_I32_GE_U; break;
        case OP_I32_LE_S: e.op = OP_I32_GE_S; break;
        case OP_I32_GT_U: e.op = OP_I32_LT_U; break;
        case OP_I32_GT_S: e.op = OP_I32_LT_S; break;
        case OP_I32_GE_U: e.op = OP_I32_LE_U; break;
        case OP_I32_GE_S: e.op = OP_I32_LE_S; break;
        default: break;
        }
    }
    if (e.a.iv == NONE || e.b.iv != NONE || !an->updated[e.a.iv])
        return 0;
    int known;
    int32_t step;
    step_of(an, &e.a, &known, &step);
    int below = e.op == OP_I32_LT_U || e.op == OP_I32_LT_S || e.op == OP_I32_LE_U || e.op == OP_I32_LE_S;
    int above = e.op == OP_I32_GT_U || e.op == OP_I32_GT_S || e.op == OP_I32_GE_U || e.op == OP_I32_GE_S;
    if (known && (step == 0 || (below && step < 0) || (above && step > 0)))
        return 0; /* (steps known only when the loop starts are checked then) */
    /* Signed comparisons become unsigned ones with both sides moved by 2^31. */
    const char *open = is_signed_cmp(e.op) ? "(" : "", *bias = is_signed_cmp(e.op) ? ") ^ 0x80000000u" : "";
    sb_puts(sb, below ? "w2cl_trips_below(" : above ? "w2cl_trips_above(" : "w2cl_trips_ne(");
    sb_puts(sb, open);
    put_affine(sb, &e.a, names);
    sb_printf(sb, "%s, ", bias);
    put_step(sb, an, &e.a, names);
    sb_puts(sb, ", ");
    int le = e.op == OP_I32_LE_U || e.op == OP_I32_LE_S, ge = e.op == OP_I32_GE_U || e.op == OP_I32_GE_S;
    sb_puts(sb, le ? "(uint64_t)(" : ge ? "(int64_t)(" : "");
    sb_puts(sb, open);
    put_affine(sb, &e.b, names);
    sb_puts(sb, bias);
    sb_puts(sb, le ? ") + 1)" : ge ? ") - 1)" : ")");
    return 1;
}

static int same_group(const access *x, const access *y) {
    return x->mem == y->mem && x->addr.iv == y->addr.iv && x->addr.coef == y->addr.coef && x->addr.inv == y->addr.inv;
}

/* One w2cl_span_fits per group of accesses; 0 if there are too many groups. */
static int cond_text(const analysis *an, char *const *names, fast_loop *out) {
    uint8_t done[MAX_ACCESSES] = {0};
    uint32_t ngroups = 0;
    for (uint32_t i = 0; i < an->nacc; i++) {
        if (done[i])
            continue;
        if (++ngroups > MAX_GROUPS)
            return 0;
        const access *g = &an->acc[i];
        if (g->addr.iv != NONE && !an->updated[g->addr.iv])
            return 0;
        int32_t low = (int32_t)g->addr.k; /* the group's constants, ordered as signed */
        for (uint32_t j = i; j < an->nacc; j++)
            if (same_group(g, &an->acc[j]) && (int32_t)an->acc[j].addr.k < low)
                low = (int32_t)an->acc[j].addr.k;
        uint64_t span = 0;
        for (uint32_t j = i; j < an->nacc; j++) {
            if (!same_group(g, &an->acc[j]))
                continue;
            done[j] = 1;
            uint64_t end = (uint64_t)((int64_t)(int32_t)an->acc[j].addr.k - low) + an->acc[j].end;
            if (end > span)
                span = end;
        }
        uint32_t m;
        for (m = 0; m < out->nmems && out->mems[m] != g->mem; m++)
            ;
        if (m == out->nmems)
            out->mems[out->nmems++] = g->mem;
        affine base = g->addr;
        base.k = (uint32_t)low;
        sb_printf(&out->cond, "%sw2cl_span_fits(&mem%" PRIu32 ", ", ngroups > 1 ? " && " : "", g->mem);
        put_affine(&out->cond, &base, names);
        sb_puts(&out->cond, ", ");
        put_step(&out->cond, an, &g->addr, names);
        sb_printf(&out->cond, ", trips, UINT64_C(%" PRIu64 "))", span);
    }
    return ngroups > 0;
}

int fast_loop_plan(const module *m, insn_reader ir, const insn *loop, const valtype *local_types,
                   uint32_t nlocals, char *const *local_names, fast_loop *out) {
    if (loop->bt_kind == BT_TYPEIDX || nlocals == 0 || !worth_a_look(m, ir, ir.r.p))
        return 0;
    diag *d = ir.r.d;
    /* One block: the analysis, then its per-local arrays, widest first. */
    size_t n = nlocals;
    size_t bytes = sizeof(analysis) + n * (sizeof(value) + sizeof(affine) + 2 * sizeof(uint32_t) + 4);
    analysis *an = diag_realloc(d, NULL, bytes);
    /* (no memset of the whole: its arrays are large, run() sets what it reads) */
    an->cur = (value *)(an + 1);
    an->step = (affine *)(an->cur + n);
    an->sets = (uint32_t *)(an->step + n);
    an->seen = an->sets + n;
    an->nested_set = (uint8_t *)(an->seen + n);
    an->candidate = an->nested_set + n;
    an->updated = an->candidate + n;
    an->read_early = an->updated + n;
    an->m = m;
    an->types = local_types;
    an->nlocals = nlocals;
    an->body = ir.r.p;
    memset(an->sets, 0, n * sizeof *an->sets);
    memset(an->nested_set, 0, n);
    count_sets(an, ir);
    for (uint32_t x = 0; x < nlocals; x++)
        an->candidate[x] = local_types[x] == VT_I32 && an->sets[x] > 0 && !an->nested_set[x];
    int r = RUN_AGAIN;
    for (int runs = 0; r == RUN_AGAIN && runs < MAX_RUNS; runs++)
        r = run(an, ir);
    int ok = r == RUN_OK && an->nacc > 0;
    if (ok) {
        out->mems = diag_realloc(d, NULL, an->nacc * sizeof *out->mems);
        out->nmems = 0;
        ok = trips_text(an, local_names, &out->trips) && cond_text(an, local_names, out);
    }
    if (ok) {
        out->unchecked = diag_realloc(d, NULL, an->nacc * sizeof *out->unchecked);
        for (uint32_t i = 0; i < an->nacc; i++)
            out->unchecked[i] = an->acc[i].offset;
        out->nunchecked = an->nacc;
    }
    diag_free(d, an);
    return ok;
}
