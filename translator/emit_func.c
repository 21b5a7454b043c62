/*
 * Function bodies. The operand stack becomes C variables named by depth and
 * type (s3_i32 is the i32 at depth 3), so every wasm instruction turns into
 * one plain C statement on named variables. Blocks end in labels, loops
 * start with one, and branches copy their values into the target's slots
 * and `goto` it. Unreachable code is not emitted.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cname.h"
#include "emit_internal.h"
#include "wasm_features.h"
#include "fast_loop.h"
#include "insn.h"

/* Slot kinds, one set of C variables each. */
enum { K_I32, K_I64, K_F32, K_F64, K_V128, K_REF, K_COUNT };

static int kind_of(valtype t) {
    switch (t) {
    case VT_I32: return K_I32;
    case VT_I64: return K_I64;
    case VT_F32: return K_F32;
    case VT_F64: return K_F64;
    case VT_V128: return K_V128;
    default: return K_REF;
    }
}

static const valtype kind_type[K_COUNT] = {VT_I32, VT_I64, VT_F32, VT_F64, VT_V128, VT_FUNCREF};

/* "  T name = init;" (pointer types without the space before the name).
   A v128 variable needs the SIMD helpers (w2cl_v128_zero). */
static void declare(emit_ctx *e, strbuf *out, valtype t, const char *name, const char *init) {
    const char *ct = ctype(t);
    if (t == VT_V128)
        e->uses_simd = 1;
    sb_printf(out, "  %s%s%s = %s;\n", ct, ct[strlen(ct) - 1] == '*' ? "" : " ", name, init);
}

#define SLOT_SET 1
#define SLOT_READ 2

/* A growable byte array (slot flags, label use, type stack). */
typedef struct {
    uint8_t *p;
    size_t n;
} bytes;

static uint8_t *bytes_grow(bytes *b, size_t i, diag *d) {
    size_t n = b->n ? b->n : 64;
    while (n <= i)
        n *= 2;
    uint8_t *p = diag_realloc(d, b->p, n);
    memset(p + b->n, 0, n - b->n);
    b->p = p;
    b->n = n;
    return &b->p[i];
}

/* Inline: several calls per operand. */
static inline uint8_t *bytes_at(bytes *b, size_t i, diag *d) {
    return i < b->n ? &b->p[i] : bytes_grow(b, i, d);
}

typedef struct {
    opcode kind;        /* OP_BLOCK, OP_LOOP, OP_IF; OP_END for the function; a try is
                           OP_TRY in its body (its trap frame armed), then OP_CATCH or
                           OP_CATCH_ALL in its handlers, OP_DELEGATE once delegated */
    uint32_t label;
    uint32_t base;      /* stack height below the block's parameters */
    uint32_t nparams, nresults;
    const valtype *params, *results;
    int unreachable;
    int has_else;
    uint32_t saved;     /* if with parameters: first temporary holding them */
    uint32_t try_id;    /* try: its w2cl_trap_frame tryN, N = tries armed around it */
    uint32_t exc_id;    /* try in a handler: its saved exception excN, N = handlers around it */
    uint32_t landing;   /* try: the label where the next catch's dispatch starts */
    uint32_t after;     /* loop with a copy checked up front: 1 + the label where both end */
} frame;

/*
 * A deferred operand: a constant or local.get is not copied into its slot
 * but written where the value is used (`s0_i32 = l3 + 4u;`). It stays
 * deferred until a consumer reads it (rd), or it is flushed into the slot
 * variable: before control flow (the slot must hold the value where paths
 * meet) and before a local.set or local.tee changes the local it names.
 */
#define NO_LOCAL UINT32_MAX
enum { MAX_DEFERRED = 64 }; /* bounds the scans of flush_local */

typedef struct {
    char text[32];
    uint32_t local; /* the local it reads, or NO_LOCAL for a constant */
    int on;
} deferred;

/* A loop being written twice (start_loop_copy). */
typedef struct {
    fast_loop plan;
    insn loop;          /* the `loop` instruction */
    const uint8_t *body; /* where its body starts */
    uint32_t height, nframes;
    uint8_t *saved;     /* the stack's types and konst flags at the loop */
} loop_copy;

typedef struct {
    emit_ctx *e;
    const module *m;
    uint32_t fidx;
    const func_type *type;
    uint32_t nlocals_total;
    valtype *local_types;
    char **local_names;
    size_t *local_name_len; /* strlen of each local_names entry */
    uint8_t *local_read;

    strbuf body;
    int indent;
    bytes stack; /* value types by depth */
    bytes konst; /* 1 where the slot holds a float constant of folds_to_operand */
    uint32_t height;
    bytes slots[K_COUNT];
    bytes label_used;
    uint32_t nlabels;
    frame *frames;
    uint32_t nframes, frames_cap;
    strbuf temps; /* declarations of if-parameter temporaries */
    uint32_t ntemps;
    int uses_inst;
    int calls;      /* any call: a function without one skips the depth count */
    /* Exception handling: a function with `try` calls setjmp, so its locals,
       slots and temporaries are volatile (they keep their values when a
       throw longjmps back), and no slot's address is taken. */
    int eh;
    uint32_t ntries;   /* tryN frames: the most tries armed at once */
    uint32_t armed, handlers; /* tries in their body, in a handler, around this point */
    bytes exc_used;    /* by exc_id: a rethrow needs the saved exception excN */
    bytes mem_view;    /* by memory index: accessed through the local copy memN */
    deferred *defer;   /* by depth */
    uint32_t ndefer_cap;
    uint32_t *deferred_at; /* the depths deferred since the last flush_all */
    uint32_t ndeferred;
    size_t last_line;  /* where the last line() began in body */
    size_t max_output; /* max_function_output of this function */
    size_t *markers;   /* where each marker line starts in body, in order */
    size_t nmarkers, markers_cap;
    strbuf scratch;    /* a call's text, a constant's: reused, not allocated each time */
    const fast_loop *unchecked; /* emitting a loop's copy checked up front (fast_loop.h) */
    uint32_t next_unchecked;    /* the next of its accesses checked up front */
    loop_copy copy;             /* that copy's plan and where the usual one starts */
    int fast_loops;    /* any such copy: `trips` is declared */
} fn_ctx;

/* ---- Output helpers ---------------------------------------------------- */

/* Indentation stops deepening at MAX_INDENT levels: blocks nested 100,000
   deep would otherwise make the output quadratic in the nesting. */
enum { MAX_INDENT = 32 };

/* Branches copy their values, so k branches carrying n values each write k*n
   lines: a small crafted module could ask for terabytes. A function whose C
   outgrows its code this much is refused instead (ordinary code gives about
   10 bytes of C per byte of wasm), which also keeps translation time linear
   in the input. */
static size_t max_function_output(const func *fn) { return ((size_t)1 << 20) + 64 * (size_t)fn->body.len; }

/* A line of the body is its indentation, its text and a newline. */
static void line_start(fn_ctx *c) {
    static const char spaces[2 * (MAX_INDENT + 1)] = "                                                                  ";
    c->last_line = c->body.len;
    int levels = c->indent + 1 < MAX_INDENT + 1 ? c->indent + 1 : MAX_INDENT + 1;
    if (levels > 0) {
        /* All the spaces are copied (a fixed size: no memcpy call), the
           first 2 * levels kept. */
        char *o = sb_room(&c->body, sizeof spaces);
        memcpy(o, spaces, sizeof spaces);
        c->body.len += 2 * (size_t)levels;
        c->body.data[c->body.len] = 0;
    }
}

static void line_end(fn_ctx *c) {
    sb_putc(&c->body, '\n');
    if (c->body.len > c->max_output)
        diag_fail(c->e->d, DIAG_UNSUPPORTED, c->m->funcs[c->fidx].body.offset,
                  "function %u: generated C exceeds 1 MiB + 64 bytes per byte of its code", c->fidx);
}

static void line(fn_ctx *c, const char *fmt, ...) DIAG_PRINTF(2, 3);

static void line(fn_ctx *c, const char *fmt, ...) {
    va_list ap;
    line_start(c);
    va_start(ap, fmt);
    sb_vprintf(&c->body, fmt, ap);
    va_end(ap);
    line_end(c);
}

/* A line that is the concatenation of the strings up to a NULL. */
static void line_of(fn_ctx *c, const char *const *pieces) {
    line_start(c);
    for (; *pieces; pieces++)
        sb_put_short(&c->body, *pieces);
    line_end(c);
}

/* LINE(c, res, " = ", x, ";"): the most frequent lines are written this way,
   since interpreting a format costs more than copying the few bytes. */
#define LINE(c, ...) line_of(c, (const char *const[]){__VA_ARGS__, NULL})

/* The decimal text of v in buf (at least 11 bytes); returns it. */
static const char *u32_text(char *buf, uint32_t v) {
    *put_decimal(buf, v) = 0;
    return buf;
}

/* The scratch buffer, emptied. */
static strbuf *scratch(fn_ctx *c) {
    c->scratch.len = 0;
    if (c->scratch.data)
        c->scratch.data[0] = 0;
    return &c->scratch;
}

/* Labels are written as markers and kept only when something jumps there,
   since an unused label is a compiler warning. */
static uint32_t new_label(fn_ctx *c) { return c->nlabels++; }

/* Starts a marker line (byte 1, 2 or 3, then numbers): write_body finds
   them by their recorded offsets, without scanning the body. */
static void start_marker(fn_ctx *c, char kind) {
    if (c->nmarkers == c->markers_cap) {
        c->markers_cap = c->markers_cap ? 2 * c->markers_cap : 64;
        c->markers = diag_realloc(c->e->d, c->markers, c->markers_cap * sizeof *c->markers);
    }
    c->markers[c->nmarkers++] = c->body.len;
    sb_putc(&c->body, kind);
}

static void place_label(fn_ctx *c, uint32_t label) {
    start_marker(c, '\001');
    sb_put_u32(&c->body, label);
    sb_putc(&c->body, '\n');
}

/* A marker for write_body: reload every local memory copy (mem_arg) here. */
static void refresh_memory_views(fn_ctx *c) {
    start_marker(c, '\003');
    if (c->indent >= 0)
        sb_put_u32(&c->body, (uint32_t)c->indent);
    else
        sb_printf(&c->body, "%d", c->indent);
    sb_putc(&c->body, '\n');
}

static void use_label(fn_ctx *c, uint32_t label) { *bytes_at(&c->label_used, label, c->e->d) = 1; }

/* A local, slot or temporary: declare(), or volatile in a function with try. */
static void declare_var(fn_ctx *c, strbuf *out, valtype t, const char *name, const char *init) {
    if (!c->eh) {
        declare(c->e, out, t, name, init);
        return;
    }
    const char *ct = ctype(t);
    if (t == VT_V128)
        c->e->uses_simd = 1;
    sb_printf(out, "  %s%svolatile %s = %s;\n", ct, ct[strlen(ct) - 1] == '*' ? "" : " ", name, init);
}

/* Pops the trap frame of the outermost try in its body among frames
   [from, to): leaving them all, the frame list is as it was before it. */
static void pop_tries(fn_ctx *c, uint32_t from, uint32_t to) {
    for (uint32_t i = from; i < to; i++) {
        if (c->frames[i].kind == OP_TRY) {
            line(c, "w2cl_pop_frame(&try%u);", c->frames[i].try_id);
            return;
        }
    }
}

/* ---- The stack of slots ------------------------------------------------ */

static valtype type_at(fn_ctx *c, uint32_t depth) { return *bytes_at(&c->stack, depth, c->e->d); }

/* "s<depth>_<field>", written by hand: it is formatted for almost every
   operand, and snprintf was a large share of translation time. */
static void slot_name(char *buf, size_t n, uint32_t depth, valtype t) {
    /* vt_field of each kind, NUL-padded to a fixed size: copied whole. */
    static const char field[K_COUNT][5] = {"i32", "i64", "f32", "f64", "v128", "ref"};
    if (n < 10 + sizeof field[0] + 2) { /* never: callers pass 32 bytes */
        snprintf(buf, n, "s?");
        return;
    }
    buf[0] = 's';
    char *p = put_decimal(buf + 1, depth);
    *p = '_';
    memcpy(p + 1, field[kind_of(t)], sizeof field[0]);
}

static int is_deferred(fn_ctx *c, uint32_t depth) {
    return depth < c->ndefer_cap && c->defer[depth].on;
}

/* The operand at `depth` for reading: its deferred text, or its slot's name
   (marking the slot read). */
static const char *rd(fn_ctx *c, uint32_t depth, char *buf) {
    if (is_deferred(c, depth)) {
        const deferred *v = &c->defer[depth];
        if (v->local != NO_LOCAL)
            c->local_read[v->local] = 1;
        memcpy(buf, v->text, sizeof v->text);
        return buf;
    }
    valtype t = type_at(c, depth);
    *bytes_at(&c->slots[kind_of(t)], depth, c->e->d) |= SLOT_READ;
    slot_name(buf, 32, depth, t);
    return buf;
}

/* Sets the type of `depth` and returns its slot name for writing. */
static const char *wr(fn_ctx *c, uint32_t depth, valtype t, char *buf) {
    if (depth < c->ndefer_cap)
        c->defer[depth].on = 0;
    *bytes_at(&c->stack, depth, c->e->d) = t;
    *bytes_at(&c->konst, depth, c->e->d) = 0;
    *bytes_at(&c->slots[kind_of(t)], depth, c->e->d) |= SLOT_SET;
    slot_name(buf, 32, depth, t);
    return buf;
}

/* Copy `n` values from the top of the stack to the slots starting at `dst`. */
static void move_values(fn_ctx *c, uint32_t dst, uint32_t n) {
    uint32_t src = c->height - n;
    if (src == dst)
        return;
    for (uint32_t i = 0; i < n; i++) {
        char a[32], b[32];
        valtype t = type_at(c, src + i);
        /* Not wr(): the target's slots get their types where it ends, and
           here dst + i may still hold a live value of an enclosing block
           whose recorded type must stay. */
        *bytes_at(&c->slots[kind_of(t)], dst + i, c->e->d) |= SLOT_SET;
        slot_name(a, sizeof a, dst + i, t);
        LINE(c, a, " = ", rd(c, src + i, b), ";");
        if (dst + i < c->ndefer_cap)
            c->defer[dst + i].on = 0;
    }
}

/* Writes the deferred operand at `depth` into its slot. */
static void flush_one(fn_ctx *c, uint32_t depth) {
    char text[32], b[32];
    memcpy(text, c->defer[depth].text, sizeof text);
    if (c->defer[depth].local != NO_LOCAL)
        c->local_read[c->defer[depth].local] = 1;
    uint8_t k = *bytes_at(&c->konst, depth, c->e->d);
    LINE(c, wr(c, depth, type_at(c, depth), b), " = ", text, ";");
    *bytes_at(&c->konst, depth, c->e->d) = k; /* still a constant, for needs_quiet */
}

/* Flushes every deferred operand below `top`; those at or above it (popped,
   or the operand the instruction itself reads) are forgotten or kept. */
static void flush_below(fn_ctx *c, uint32_t top) {
    uint32_t kept = 0;
    for (uint32_t i = 0; i < c->ndeferred; i++) {
        uint32_t d = c->deferred_at[i];
        if (!is_deferred(c, d))
            continue;
        if (d < top)
            flush_one(c, d);
        else if (d < c->height)
            c->deferred_at[kept++] = d;
        else
            c->defer[d].on = 0;
    }
    c->ndeferred = kept;
}

static void flush_all(fn_ctx *c) { flush_below(c, c->height); }

/* Before local `x` changes: flush the operands that still read it. */
static void flush_local(fn_ctx *c, uint32_t x) {
    for (uint32_t i = 0; i < c->ndeferred; i++) {
        uint32_t d = c->deferred_at[i];
        if (d < c->height && is_deferred(c, d) && c->defer[d].local == x)
            flush_one(c, d);
    }
}

/* Pushes `text` (a constant, or local `local`) as a deferred operand; `len`
   is its length. */
static void push_deferred(fn_ctx *c, valtype t, const char *text, size_t len, uint32_t local) {
    uint32_t depth = c->height++;
    char b[32];
    if (len >= sizeof c->defer[0].text) {
        LINE(c, wr(c, depth, t, b), " = ", text, ";");
        if (local != NO_LOCAL)
            c->local_read[local] = 1;
        return;
    }
    if (c->ndeferred == MAX_DEFERRED)
        flush_all(c);
    if (depth >= c->ndefer_cap) {
        uint32_t n = c->ndefer_cap ? c->ndefer_cap : 64;
        while (n <= depth)
            n *= 2;
        c->defer = diag_realloc(c->e->d, c->defer, n * sizeof *c->defer);
        memset(c->defer + c->ndefer_cap, 0, (n - c->ndefer_cap) * sizeof *c->defer);
        c->ndefer_cap = n;
    }
    if (!c->deferred_at)
        c->deferred_at = diag_realloc(c->e->d, NULL, MAX_DEFERRED * sizeof *c->deferred_at);
    *bytes_at(&c->stack, depth, c->e->d) = t;
    *bytes_at(&c->konst, depth, c->e->d) = 0;
    deferred *v = &c->defer[depth];
    memcpy(v->text, text, len + 1);
    v->local = local;
    v->on = 1;
    c->deferred_at[c->ndeferred++] = depth;
}

static const char *local_name(fn_ctx *c, uint32_t i) { return c->local_names[i]; }

/*
 * `slot = EXPR; local = slot;` becomes `local = EXPR;` when the last line
 * written is that assignment of the popped slot (so it holds the value,
 * and nothing reads the slot again before it is written anew).
 */
static int assign_instead(fn_ctx *c, const char *slot, const char *local, size_t nl) {
    char *start = c->body.data + c->last_line;
    if (c->body.len == 0 || c->last_line >= c->body.len)
        return 0;
    size_t line_len = c->body.len - c->last_line;
    /* Only if nothing came after that line: a label marker would move the
       assignment to before the label, off the path of branches to it. */
    if (memchr(start, '\n', line_len) != start + line_len - 1)
        return 0;
    size_t indent = 0;
    while (start[indent] == ' ')
        indent++;
    size_t n = strlen(slot);
    if (line_len < indent + n + 3 || memcmp(start + indent, slot, n) != 0 ||
        memcmp(start + indent + n, " = ", 3) != 0)
        return 0;
    const char *expr = start + indent + n + 3;
    size_t tail = line_len - (indent + n + 3); /* the expression, ";" and the newline */
    if (tail == nl + 2 && memcmp(expr, local, nl) == 0 && memcmp(expr + nl, ";\n", 2) == 0)
        return 0; /* slot = local; local = slot: not `local = local;` (a warning) */
    /* The slot's name becomes the local's: the rest of the line moves in place. */
    size_t name_at = c->last_line + indent, rest_at = name_at + n, rest = c->body.len - rest_at;
    sb_room(&c->body, nl > n ? nl - n : 0);
    char *text = c->body.data;
    memmove(text + name_at + nl, text + rest_at, rest);
    memcpy(text + name_at, local, nl);
    c->body.len = name_at + nl + rest;
    text[c->body.len] = 0;
    return 1;
}

/* ---- Control frames ---------------------------------------------------- */

static frame *push_frame(fn_ctx *c) {
    if (c->nframes == c->frames_cap) {
        c->frames_cap = c->frames_cap ? c->frames_cap * 2 : 16;
        c->frames = diag_realloc(c->e->d, c->frames, c->frames_cap * sizeof(frame));
    }
    frame *f = &c->frames[c->nframes++];
    memset(f, 0, sizeof *f);
    f->label = new_label(c);
    return f;
}

static void block_signature(fn_ctx *c, const insn *in, frame *f) {
    if (in->bt_kind == BT_TYPEIDX) {
        const func_type *t = &c->m->types[in->a];
        f->nparams = t->nparams;
        f->nresults = t->nresults;
        f->params = t->types;
        f->results = t->types + t->nparams;
    } else if (in->bt_kind == BT_VALUE) {
        valtype *v = arena_alloc(c->e->a, 1);
        *v = in->vt;
        f->nresults = 1;
        f->results = v;
    }
}

/* A branch to frame `f`: its values go to the frame's slots, then goto. */
static void branch(fn_ctx *c, frame *f) {
    pop_tries(c, (uint32_t)(f - c->frames), c->nframes); /* tries the branch leaves */
    if (f->kind == OP_LOOP)
        move_values(c, f->base, f->nparams);
    else
        move_values(c, f->base, f->nresults);
    use_label(c, f->label);
    char n[12];
    LINE(c, "goto L", u32_text(n, f->label), ";");
}

static void set_unreachable(fn_ctx *c) {
    frame *f = &c->frames[c->nframes - 1];
    f->unreachable = 1;
    c->height = f->base; /* nothing below the frame is touched until its end */
}

/* If parameters survive the then-arm in temporaries for the else-arm. */
static void save_if_params(fn_ctx *c, frame *f) {
    f->saved = c->ntemps;
    for (uint32_t i = 0; i < f->nparams; i++) {
        char b[32];
        valtype t = f->params[i];
        char tn[24];
        snprintf(tn, sizeof tn, "t%u", c->ntemps);
        declare_var(c, &c->temps, t, tn, zero_value(t));
        line(c, "t%u = %s;", c->ntemps++, rd(c, f->base + i, b));
    }
}

static void restore_if_params(fn_ctx *c, frame *f) {
    for (uint32_t i = 0; i < f->nparams; i++) {
        char b[32];
        line(c, "%s = t%u;", wr(c, f->base + i, f->params[i], b), f->saved + i);
    }
    c->height = f->base + f->nparams;
}

static void op_block(fn_ctx *c, const insn *in) {
    frame *f = push_frame(c);
    f->kind = in->op;
    block_signature(c, in, f);
    if (in->op == OP_IF) {
        char b[32];
        const char *cond = rd(c, --c->height, b);
        f->base = c->height - f->nparams;
        if (f->nparams)
            save_if_params(c, f);
        LINE(c, "if (", cond, ") {");
        c->indent++;
        return;
    }
    f->base = c->height - f->nparams;
    /* A block needs no braces: its end is the label branches go to. */
    if (in->op == OP_LOOP)
        place_label(c, f->label);
}

static void op_else(fn_ctx *c) {
    frame *f = &c->frames[c->nframes - 1];
    f->has_else = 1;
    f->unreachable = 0;
    c->indent--;
    LINE(c, "} else {");
    c->indent++;
    restore_if_params(c, f);
}

/* ---- Exception handling ------------------------------------------------ */

/*
 * A try arms a w2cl_trap_frame (tryN, declared at the top) that only
 * exceptions land in: a throw longjmps to its setjmp, which jumps to the
 * dispatch of the first catch. Each catch tests the current exception's
 * tag and either takes its values into the handler's slots or jumps to the
 * next catch's test; past the last one the exception is thrown on. The
 * frame is in the runtime's list exactly while the body runs, so every
 * other way out of the body (its end, branches, return, tail calls) pops
 * it. The handler saves the exception in excN only if a rethrow needs it
 * (a \002N marker line, expanded by write_body).
 */
static void op_try(fn_ctx *c, const insn *in) {
    frame *f = push_frame(c);
    f->kind = OP_TRY;
    block_signature(c, in, f);
    f->base = c->height - f->nparams;
    f->try_id = c->armed++; /* tries not armed at once share frames */
    if (c->armed > c->ntries)
        c->ntries = c->armed;
    f->landing = new_label(c);
    use_label(c, f->landing);
    line(c, "w2cl_push_try_frame(&try%u);", f->try_id);
    line(c, "if (setjmp(try%u.jmp) != 0) {", f->try_id);
    line(c, "  goto L%u;", f->landing);
    line(c, "}");
    c->indent++;
}

/* The end of a try's body or of a handler: results are in the frame's
   slots; the catch dispatch follows, so jump over it. */
static void leave_try_part(fn_ctx *c, frame *f) {
    if (f->unreachable)
        return;
    if (f->kind == OP_TRY)
        line(c, "w2cl_pop_frame(&try%u);", f->try_id);
    use_label(c, f->label);
    line(c, "goto L%u;", f->label);
}

/* The try's body is over: its frame number is free for other tries. */
static void disarm(fn_ctx *c, frame *f) {
    if (f->kind == OP_TRY)
        c->armed--;
}

static void op_catch(fn_ctx *c, const insn *in) {
    frame *f = &c->frames[c->nframes - 1];
    leave_try_part(c, f);
    if (f->kind == OP_TRY) {
        disarm(c, f);
        f->exc_id = c->handlers++;
    }
    c->indent--;
    place_label(c, f->landing);
    c->height = f->base;
    if (in->op == OP_CATCH) {
        const func_type *t = &c->m->types[c->m->tags[in->a].type_idx];
        c->uses_inst = 1;
        f->landing = new_label(c);
        use_label(c, f->landing);
        line(c, "if (w2cl_current_exception()->tag != inst->tag%u) {", in->a);
        line(c, "  goto L%u;", f->landing);
        line(c, "}");
        for (uint32_t i = 0; i < t->nparams; i++) {
            char b[32];
            valtype vt = t->types[i];
            line(c, "%s = w2cl_current_exception()->values[%u].%s;", wr(c, c->height++, vt, b), i,
                 vt_field(vt));
        }
        f->kind = OP_CATCH;
    } else {
        f->kind = OP_CATCH_ALL;
    }
    f->unreachable = 0;
    c->indent++;
    start_marker(c, '\002');
    sb_printf(&c->body, "%u %d\n", f->exc_id, c->indent);
}

/* A catchless try or the last catch: an exception no catch took goes on. */
static void end_try(fn_ctx *c, frame *f) {
    disarm(c, f);
    if (f->kind != OP_TRY)
        c->handlers--;
    if (f->kind != OP_CATCH_ALL) {
        leave_try_part(c, f);
        c->indent--;
        place_label(c, f->landing);
        line(c, "w2cl_rethrow(w2cl_current_exception());");
    } else {
        c->indent--;
    }
}

/* delegate l: an exception from the body is thrown on as if from label l
   (counted from outside the try): the frames of the tries between are
   popped, so a try at l (in its body) or the next one out catches it. */
static void op_delegate(fn_ctx *c, const insn *in) {
    frame *f = &c->frames[c->nframes - 1];
    leave_try_part(c, f);
    disarm(c, f);
    c->indent--;
    place_label(c, f->landing);
    pop_tries(c, c->nframes - 1 - in->a, c->nframes - 1);
    line(c, "w2cl_rethrow(w2cl_current_exception());");
    f->kind = OP_DELEGATE; /* op_end: nothing more to close */
}

static void op_throw(fn_ctx *c, const insn *in) {
    const func_type *t = &c->m->types[c->m->tags[in->a].type_idx];
    uint32_t n = t->nparams;
    c->uses_inst = 1;
    if (n == 0) {
        line(c, "w2cl_throw(inst->tag%u, NULL, 0);", in->a);
        return;
    }
    line(c, "{");
    c->indent++;
    line(c, "w2cl_value ev[%u];", n);
    c->height -= n;
    for (uint32_t i = 0; i < n; i++) {
        char b[32];
        line(c, "ev[%u].%s = %s;", i, vt_field(t->types[i]), rd(c, c->height + i, b));
    }
    line(c, "w2cl_throw(inst->tag%u, ev, %u);", in->a, n);
    c->indent--;
    line(c, "}");
}

/* rethrow l: the exception caught by the handler at label l. */
static void op_rethrow(fn_ctx *c, const insn *in) {
    uint32_t id = c->frames[c->nframes - 1 - in->a].exc_id;
    *bytes_at(&c->exc_used, id, c->e->d) = 1;
    line(c, "w2cl_rethrow(&exc%u);", id);
}

/* End of a block: results are in the frame's slots on every path here. */
static void op_end(fn_ctx *c) {
    frame *f = &c->frames[c->nframes - 1];
    if (f->kind == OP_IF) {
        if (!f->has_else && f->nparams) {
            c->indent--;
            LINE(c, "} else {");
            c->indent++;
            restore_if_params(c, f);
        }
        c->indent--;
        LINE(c, "}");
    } else if (f->kind == OP_TRY || f->kind == OP_CATCH || f->kind == OP_CATCH_ALL) {
        end_try(c, f);
    }
    if (f->kind != OP_LOOP)
        place_label(c, f->label);
    if (f->after)
        place_label(c, f->after - 1);
    c->height = f->base;
    for (uint32_t i = 0; i < f->nresults; i++) {
        char b[32];
        wr(c, c->height++, f->results[i], b);
    }
    c->nframes--;
}

/* (key, index) pairs, sorted by key then index. */
typedef struct {
    uint32_t key, index;
} key_index;

static int cmp_key_index(const void *pa, const void *pb) {
    const key_index *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void op_br_table(fn_ctx *c, const insn *in) {
    char b[32];
    const char *idx = rd(c, --c->height, b);
    LINE(c, "switch (", idx, ") {");
    /* One arm per distinct target, in the order of first use, listing all
       of its case labels. Sorted, not scanned per target: n targets over
       thousands of labels would be quadratic. */
    uint32_t n = in->ntargets;
    key_index *cases = arena_array(c->e->a, (size_t)n + 1, sizeof *cases);
    key_index *arms = arena_array(c->e->a, (size_t)n + 1, sizeof *arms);
    for (uint32_t i = 0; i <= n; i++) {
        cases[i].key = i < n ? in->targets[i] : in->a;
        cases[i].index = i;
    }
    qsort(cases, (size_t)n + 1, sizeof *cases, cmp_key_index);
    uint32_t narms = 0;
    for (uint32_t i = 0; i <= n; i++) {
        if (i == 0 || cases[i].key != cases[i - 1].key) {
            arms[narms].key = cases[i].index; /* first use of the target */
            arms[narms++].index = i;          /* where its cases start */
        }
    }
    qsort(arms, narms, sizeof *arms, cmp_key_index);
    for (uint32_t a = 0; a < narms; a++) {
        uint32_t start = arms[a].index, target = cases[start].key;
        for (uint32_t j = start; j <= n && cases[j].key == target; j++) {
            char num[12];
            if (cases[j].index < n)
                LINE(c, "case ", u32_text(num, cases[j].index), ":");
            else
                LINE(c, "default:");
        }
        c->indent++;
        branch(c, &c->frames[c->nframes - 1 - target]);
        c->indent--;
    }
    LINE(c, "}");
}

/* ---- Calls ------------------------------------------------------------- */

/* "(args..., &results)" for a call of type t whose arguments start at `base`. */
static void call_args(fn_ctx *c, strbuf *sb, const func_type *t, uint32_t base) {
    for (uint32_t i = 0; i < t->nparams; i++) {
        char b[32];
        sb_putn(sb, ", ", 2);
        sb_put_short(sb, rd(c, base + i, b));
    }
    if (t->nresults > 1) {
        for (uint32_t i = 0; i < t->nresults; i++) {
            char b[32];
            if (c->eh) /* volatile slots: through temporaries (finish_call) */
                sb_printf(sb, ", &mr%u", i);
            else
                sb_printf(sb, ", &%s", wr(c, base + i, t->types[t->nparams + i], b));
        }
    }
    sb_putc(sb, ')');
}

static void finish_call(fn_ctx *c, strbuf *call, const func_type *t, uint32_t base) {
    if (t->nresults == 1) {
        char b[32];
        LINE(c, wr(c, base, t->types[t->nparams], b), " = ", call->data, ";");
    } else if (c->eh && t->nresults > 1) {
        line(c, "{");
        c->indent++;
        for (uint32_t i = 0; i < t->nresults; i++) {
            const char *ct = ctype(t->types[t->nparams + i]);
            line(c, "%s%smr%u;", ct, ct[strlen(ct) - 1] == '*' ? "" : " ", i);
        }
        LINE(c, call->data, ";");
        for (uint32_t i = 0; i < t->nresults; i++) {
            char b[32];
            line(c, "%s = mr%u;", wr(c, base + i, t->types[t->nparams + i], b), i);
        }
        c->indent--;
        line(c, "}");
    } else {
        LINE(c, call->data, ";");
    }
    c->height = base + t->nresults;
    refresh_memory_views(c); /* the callee may have grown a memory */
}

static void op_call(fn_ctx *c, uint32_t f) {
    const func_type *t = &c->m->types[c->e->func_type_idx[f]];
    uint32_t base = c->height - t->nparams;
    strbuf *call = scratch(c);
    c->uses_inst = 1;
    if (!c->e->func_plain[f] && c->m->funcs[f].imported) {
        LINE(c, "w2cl_call_out(depth);");
        if (c->e->opt->direct_imports) {
            emit_direct_import(call, c->m, c->m->funcs[f].import_idx);
            sb_printf(call, "(inst->funcs[%u].ctx", f);
        } else {
            sb_printf(call, "((ft%u)inst->funcs[%u].fn)(inst->funcs[%u].ctx", c->m->funcs[f].type_idx, f, f);
        }
    } else {
        emit_func_name(call, c->e, f);
        sb_put_short(call, "(inst, depth - 1");
    }
    call_args(c, call, t, base);
    finish_call(c, call, t, base);
}

static void op_call_indirect(fn_ctx *c, const insn *in) {
    const func_type *t = &c->m->types[in->a];
    char b[32];
    const char *idx = rd(c, --c->height, b);
    uint32_t base = c->height - t->nparams;
    c->e->type_used[in->a] = 1;
    c->uses_inst = 1;
    LINE(c, "{");
    c->indent++;
    char tab[12], type[12];
    u32_text(tab, in->b);
    u32_text(type, in->a);
    LINE(c, "const w2cl_funcref *callee = w2cl_call_target(inst->tab", tab, ", ", idx, ", &type", type, ");");
    LINE(c, "w2cl_call_out(depth);");
    strbuf *call = scratch(c);
    sb_putn(call, "((ft", 4);
    sb_put_short(call, type);
    sb_put_short(call, ")callee->fn)(callee->ctx");
    call_args(c, call, t, base);
    finish_call(c, call, t, base);
    c->indent--;
    LINE(c, "}");
}

/* ---- Tail calls --------------------------------------------------------- */

/*
 * A function with return_call(_indirect) is emitted twice: fN_tail, its
 * body, takes its parameters from a tail_state and leaves its results
 * there; fN, with the usual signature, runs a loop that calls the body in
 * ts.next until none is pending. A tail call to such a function of the same
 * instance stores the arguments, sets ts->next and returns, so the C stack
 * stays flat however long the chain, at any optimisation level. Any other
 * target cannot tail call back (or is another module's entry, with a loop
 * of its own): it is called normally and its results returned.
 */

/* Arguments of a tail call of type t, from the slots at `base`, into ts->v. */
static void tail_args(fn_ctx *c, const func_type *t, uint32_t base) {
    for (uint32_t i = 0; i < t->nparams; i++) {
        char b[32];
        line(c, "ts->v[%u].%s = %s;", i, vt_field(t->types[i]), rd(c, base + i, b));
    }
}

static void op_return_call(fn_ctx *c, uint32_t f) {
    pop_tries(c, 0, c->nframes); /* the callee runs outside this function's tries */
    if (c->m->funcs[f].imported || !c->e->tail_fn[f]) {
        op_call(c, f);
        branch(c, &c->frames[0]);
        return;
    }
    const func_type *t = func_type_of(c->m, f);
    tail_args(c, t, c->height - t->nparams);
    strbuf name;
    sb_init(&name, c->e->d);
    emit_func_name(&name, c->e, f);
    line(c, "ts->next = %s_tail;", name.data);
    line(c, "return;");
    sb_free(&name);
}

static void op_return_call_indirect(fn_ctx *c, const insn *in) {
    const func_type *t = &c->m->types[in->a];
    char b[32];
    const char *idx = rd(c, --c->height, b);
    uint32_t base = c->height - t->nparams;
    c->e->type_used[in->a] = 1;
    c->uses_inst = 1;
    pop_tries(c, 0, c->nframes); /* the callee runs outside this function's tries */
    line(c, "{");
    c->indent++;
    line(c, "const w2cl_funcref *callee = w2cl_call_target(inst->tab%u, %s, &type%u);", in->b, idx, in->a);
    line(c, "if (callee->ctx == inst && tail_bodies[callee - inst->funcs]) {");
    c->indent++;
    tail_args(c, t, base);
    line(c, "ts->next = tail_bodies[callee - inst->funcs];");
    line(c, "return;");
    c->indent--;
    line(c, "}");
    line(c, "w2cl_call_out(depth);");
    strbuf call;
    sb_init(&call, c->e->d);
    sb_printf(&call, "((ft%u)callee->fn)(callee->ctx", in->a);
    call_args(c, &call, t, base);
    finish_call(c, &call, t, base);
    sb_free(&call);
    c->indent--;
    line(c, "}");
    branch(c, &c->frames[0]);
}

/* ---- Everything else --------------------------------------------------- */

/* w2cl_<text with '.' -> '_'>: the runtime helper of an opcode, made on
   first use (most instructions name one). */
static const char *helper_name(opcode op) {
    enum { MAX_HELPER = 48 };
    static char names[OP_COUNT][MAX_HELPER];
    char *buf = names[op];
    if (buf[0])
        return buf;
    const char *text = op_infos[op].text;
    size_t len = strlen(text);
    if (len + 6 > MAX_HELPER) /* never: the longest opcode name is far shorter */
        len = MAX_HELPER - 6;
    memcpy(buf, "w2cl_", 5);
    memcpy(buf + 5, text, len);
    buf[5 + len] = 0;
    for (char *p = buf + 5; *p; p++)
        if (*p == '.')
            *p = '_';
    return buf;
}

/* " <operator> " of an opcode with an infix C operator (op_info.c), made
   on first use: one piece of a line instead of three. */
static const char *spaced_operator(opcode op) {
    enum { MAX_OPERATOR = 8 };
    static char texts[OP_COUNT][MAX_OPERATOR];
    char *buf = texts[op];
    if (buf[0])
        return buf;
    const char *text = op_infos[op].c;
    size_t len = strlen(text);
    if (len + 3 > MAX_OPERATOR) /* never: C operators have one or two characters */
        len = MAX_OPERATOR - 3;
    buf[0] = ' ';
    memcpy(buf + 1, text, len);
    buf[1 + len] = ' ';
    buf[2 + len] = 0;
    return buf;
}

/* Does a float operation with a constant operand need its NaN result quieted?
   C compilers fold x*1, x-0, x/1 and x*-1 to x or -x, which keeps a
   signaling NaN that the wasm instruction would have quieted. */
static int needs_quiet(fn_ctx *c, opcode op, uint32_t x, uint32_t y) {
    switch (op) {
    case OP_F32_ADD: case OP_F32_SUB: case OP_F32_MUL: case OP_F32_DIV:
    case OP_F64_ADD: case OP_F64_SUB: case OP_F64_MUL: case OP_F64_DIV:
        return *bytes_at(&c->konst, x, c->e->d) || *bytes_at(&c->konst, y, c->e->d);
    default:
        return 0;
    }
}

/* Deferred operands C compilers warn about in an infix operation: `l0 < l0`
   (self-comparison) and `l0 >= 0u` (an unsigned compared with zero). Such
   an operand goes through its slot instead. */
static int is_zero_text(const char *t) { return !strcmp(t, "0u") || !strcmp(t, "UINT64_C(0)"); }

static void keep_compiler_quiet(fn_ctx *c, const char *op, uint32_t x, uint32_t y) {
    int dx = is_deferred(c, x), dy = is_deferred(c, y);
    if (dx && dy && !strcmp(c->defer[x].text, c->defer[y].text)) {
        flush_one(c, y);
        dy = 0;
    }
    int comparison = op[0] == '<' || op[0] == '>' || op[0] == '=' || op[0] == '!';
    if (!comparison)
        return;
    if (dx && is_zero_text(c->defer[x].text))
        flush_one(c, x);
    if (dy && is_zero_text(c->defer[y].text))
        flush_one(c, y);
}

static void op_simple(fn_ctx *c, const insn *in) {
    const op_info *oi = &op_infos[in->op];
    char a[32], b[32], r[32];
    if (oi->p2 != VT_NONE) {
        int quiet = needs_quiet(c, in->op, c->height - 2, c->height - 1);
        if (oi->c)
            keep_compiler_quiet(c, oi->c, c->height - 2, c->height - 1);
        const char *y = rd(c, --c->height, b);
        const char *x = rd(c, --c->height, a);
        const char *res = wr(c, c->height++, oi->r, r);
        /* One line() each, not an snprintf'd operand: this is the hottest path. */
        if (oi->c && quiet)
            LINE(c, res, " = w2cl_", vt_field(oi->r), "_quiet(", x, spaced_operator(in->op), y, ");");
        else if (oi->c)
            LINE(c, res, " = ", x, spaced_operator(in->op), y, ";");
        else if (quiet)
            LINE(c, res, " = w2cl_", vt_field(oi->r), "_quiet(", helper_name(in->op), "(", x, ", ", y, "));");
        else
            LINE(c, res, " = ", helper_name(in->op), "(", x, ", ", y, ");");
    } else {
        const char *x = rd(c, --c->height, a);
        const char *res = wr(c, c->height++, oi->r, r);
        LINE(c, res, " = ", helper_name(in->op), "(", x, ");");
    }
}

/* The effective address: 64-bit, so adding the offset cannot wrap. */
static void effective_address(char *buf, size_t n, const char *addr, uint32_t offset) {
    size_t len = strlen(addr);
    if (len + 26 > n) { /* never: slot names are short */
        snprintf(buf, n, "(uint64_t)%s + %" PRIu32 "u", addr, offset);
        return;
    }
    memcpy(buf, "(uint64_t)", 10);
    memcpy(buf + 10, addr, len);
    char *p = buf + 10 + len;
    if (offset) {
        memcpy(p, " + ", 3);
        p = put_decimal(p + 3, offset);
        *p++ = 'u';
    }
    *p = 0;
}

/* A 64-bit memory's address and offset may wrap: the runtime checks them. */
static void effective_address64(char *buf, size_t n, uint32_t mem, const char *addr, uint64_t offset) {
    snprintf(buf, n, "w2cl_ea64(inst->mem%u, %s, UINT64_C(%" PRIu64 "))", mem, addr, offset);
}

/* The effective address of a load or store of `size` bytes. A guard-page
   build (W2CL_GUARD_PAGES) leaves plain accesses to the MMU, which only
   guards 32-bit unshared memories: the others' go through w2cl_ea_checked,
   which checks them there and is nothing in other builds. */
static void access_address(fn_ctx *c, char *buf, size_t n, uint32_t mem, const char *addr, uint64_t offset,
                           unsigned size) {
    const memory *mm = &c->m->mems[mem];
    char ea[128];
    if (!mm->is64 && !mm->shared) { /* the common case, straight into buf */
        effective_address(buf, n, addr, (uint32_t)offset);
        return;
    }
    if (mm->is64)
        effective_address64(ea, sizeof ea, mem, addr, offset);
    else
        effective_address(ea, sizeof ea, addr, (uint32_t)offset);
    snprintf(buf, n, "w2cl_ea_checked(inst->mem%u, %s, %u)", mem, ea, size);
}

/*
 * The w2cl_memory a load or store of `mem` goes through. Normally a local
 * copy, memN = *inst->memN: C must assume that a store through a byte
 * pointer may change inst->memN->data and ->size, and would reload both
 * after every store; a local whose address never escapes stays in
 * registers. The copy is refreshed after anything that can grow memory
 * (calls, memory.grow: refresh_memory_views; not after calls when no
 * code can resize it: emit_ctx.mem_fixed). Not for 64-bit memories,
 * shared ones (another thread may grow them) or functions with try (the
 * copy would have to be volatile).
 */
static const char *mem_arg(fn_ctx *c, uint32_t mem, char *buf, size_t n) {
    const memory *mm = &c->m->mems[mem];
    const char *prefix = "inst->mem";
    if (!(c->eh || mm->is64 || mm->shared)) {
        *bytes_at(&c->mem_view, mem, c->e->d) = 1;
        prefix = "&mem";
    }
    size_t len = strlen(prefix);
    if (n < len + 11) { /* never: callers pass 24 bytes */
        snprintf(buf, n, "%s%u", prefix, mem);
        return buf;
    }
    memcpy(buf, prefix, len);
    *put_decimal(buf + len, mem) = 0;
    return buf;
}

static void op_load_store(fn_ctx *c, const insn *in) {
    const op_info *oi = &op_infos[in->op];
    char a[32], v[32], r[32], ea[192];
    uint32_t mem = in->b;
    const char *h = helper_name(in->op);
    c->uses_inst = 1;
    const char *val = oi->cls == CLS_STORE ? rd(c, --c->height, v) : NULL;
    const char *addr = rd(c, c->height - 1, a);
    access_address(c, ea, sizeof ea, mem, addr, in->bits, oi->size);
    char m[24];
    mem_arg(c, mem, m, sizeof m);
    const char *open = "(";
    if (c->unchecked) {
        const fast_loop *p = c->unchecked;
        while (c->next_unchecked < p->nunchecked && p->unchecked[c->next_unchecked] < in->offset)
            c->next_unchecked++;
        int sure = c->next_unchecked < p->nunchecked && p->unchecked[c->next_unchecked] == in->offset;
        open = sure ? "_unchecked(" : "_checked(";
    }
    if (oi->cls == CLS_LOAD) {
        LINE(c, wr(c, c->height - 1, oi->r, r), " = ", h, open, m, ", ", ea, ");");
    } else {
        c->height--;
        LINE(c, h, open, m, ", ", ea, ", ", val, ");");
    }
}

/* Is a float constant one that lets C compilers fold an add, sub, mul or
   div with it to the other operand or its negation: +-0 (x - 0, x + -0,
   -0 - x) or +-1 (x * 1, x / -1)? Only then can a signaling NaN pass
   unquieted; with any other constant the operation is done. */
static int folds_to_operand(valtype t, uint64_t bits) {
    uint64_t magnitude = t == VT_F32 ? bits & 0x7fffffffu : bits & UINT64_C(0x7fffffffffffffff);
    uint64_t one = t == VT_F32 ? 0x3f800000u : UINT64_C(0x3ff0000000000000);
    return magnitude == 0 || magnitude == one;
}

static void op_const(fn_ctx *c, const insn *in) {
    strbuf *lit = scratch(c);
    valtype t = VT_I32;
    switch (in->op) {
    case OP_I32_CONST:
        sb_put_u32(lit, (uint32_t)in->bits);
        sb_putc(lit, 'u');
        break;
    case OP_I64_CONST:
        sb_putn(lit, "UINT64_C(", 9);
        sb_put_u64(lit, in->bits);
        sb_putc(lit, ')');
        t = VT_I64;
        break;
    case OP_F32_CONST: emit_f32_literal(lit, (uint32_t)in->bits); t = VT_F32; break;
    case OP_F64_CONST: emit_f64_literal(lit, in->bits); t = VT_F64; break;
    default: emit_v128_literal(lit, in->v128); t = VT_V128; break; /* OP_V128_CONST */
    }
    push_deferred(c, t, lit->data, lit->len, NO_LOCAL);
    if ((t == VT_F32 || t == VT_F64) && folds_to_operand(t, in->bits))
        *bytes_at(&c->konst, c->height - 1, c->e->d) = 1;
}

/* Is the operand at `depth` local x itself, deferred (local.get x; local.set x)? */
static int is_local_itself(fn_ctx *c, uint32_t depth, uint32_t x) {
    return is_deferred(c, depth) && c->defer[depth].local == x;
}

/* Local x = the operand at depth d (popped for local.set, still there for
   local.tee). Returns 1 when the slot's assignment on the line before was
   turned into one of x instead (then the slot does not hold the value). */
static int set_local(fn_ctx *c, uint32_t x, uint32_t d) {
    char a[32];
    int in_slot = !is_deferred(c, d);
    size_t len = c->body.len;
    flush_local(c, x);
    slot_name(a, sizeof a, d, type_at(c, d)); /* not rd(): the slot may go unread */
    if (in_slot && len == c->body.len && assign_instead(c, a, local_name(c, x), c->local_name_len[x]))
        return 1;
    LINE(c, local_name(c, x), " = ", rd(c, d, a), ";");
    return 0;
}

static void op_local_get(fn_ctx *c, uint32_t x) {
    push_deferred(c, c->local_types[x], local_name(c, x), c->local_name_len[x], x);
}

static void op_local_set(fn_ctx *c, uint32_t x) {
    if (!is_local_itself(c, --c->height, x))
        set_local(c, x, c->height);
}

static void op_local_tee(fn_ctx *c, uint32_t x) {
    uint32_t d = c->height - 1;
    if (!is_local_itself(c, d, x) && set_local(c, x, d)) {
        c->height--; /* the value is now the local's */
        push_deferred(c, type_at(c, d), local_name(c, x), c->local_name_len[x], x);
    }
}

static void op_global(fn_ctx *c, const insn *in) {
    char a[32], r[32];
    strbuf g;
    sb_init(&g, c->e->d);
    switch (in->op) {
    case OP_GLOBAL_GET: {
        valtype t = c->m->globals[in->a].type.type;
        emit_global(&g, c->m, in->a);
        c->uses_inst = 1;
        line(c, "%s = %s.value.%s;", wr(c, c->height++, t, r), g.data, vt_field(t));
        break;
    }
    default: /* OP_GLOBAL_SET */
        emit_global(&g, c->m, in->a);
        c->uses_inst = 1;
        line(c, "%s.value.%s = %s;", g.data, vt_field(c->m->globals[in->a].type.type),
             rd(c, --c->height, a));
        break;
    }
    sb_free(&g);
}

/* memory.size/grow/fill/copy/init; 64-bit memories have helpers of their own. */
static void op_memory(fn_ctx *c, const insn *in) {
    char a[32], b[32], d[32], r[32];
    uint32_t h = c->height;
    const memory *mems = c->m->mems;
    /* The memory is in->a, but in->b for memory.init (in->a: the data). */
    uint32_t mem = in->op == OP_MEMORY_INIT ? in->b : in->a;
    const char *w64 = mems[mem].is64 ? "64" : "";
    switch (in->op) {
    case OP_MEMORY_SIZE:
        if (mems[in->a].is64)
            line(c, "%s = inst->mem%u->pages;", wr(c, c->height++, VT_I64, r), in->a);
        else
            line(c, "%s = (uint32_t)inst->mem%u->pages;", wr(c, c->height++, VT_I32, r), in->a);
        break;
    case OP_MEMORY_GROW:
        rd(c, h - 1, a);
        line(c, "%s = w2cl_memory%s_grow(inst->mem%u, %s);", wr(c, h - 1, mem_addr_type(c->m, in->a), r), w64, in->a, a);
        refresh_memory_views(c);
        break;
    case OP_MEMORY_FILL:
        line(c, "w2cl_memory%s_fill(inst->mem%u, %s, %s, %s);", w64, in->a, rd(c, h - 3, a), rd(c, h - 2, b), rd(c, h - 1, d));
        c->height -= 3;
        break;
    case OP_MEMORY_COPY:
        w64 = mems[in->a].is64 || mems[in->b].is64 ? "64" : "";
        line(c, "w2cl_memory%s_copy(inst->mem%u, inst->mem%u, %s, %s, %s);", w64, in->a, in->b, rd(c, h - 3, a), rd(c, h - 2, b), rd(c, h - 1, d));
        c->height -= 3;
        break;
    default: /* OP_MEMORY_INIT */
        c->e->data_used[in->a] = 1;
        line(c, "w2cl_memory%s_init_segment(inst->mem%u, data%u, inst->data%u_len, %s, %s, %s);", w64, in->b, in->a, in->a, rd(c, h - 3, a), rd(c, h - 2, b), rd(c, h - 1, d));
        c->height -= 3;
        break;
    }
}

/* table.*, elem.drop and data.drop; memory instructions go to op_memory. */
static void op_table_memory(fn_ctx *c, const insn *in) {
    char a[32], b[32], d[32], r[32], seg[48];
    uint32_t h = c->height;
    c->uses_inst = 1;
    switch (in->op) {
    case OP_TABLE_GET:
        rd(c, h - 1, a);
        line(c, "%s = w2cl_table_get(inst->tab%u, %s);", wr(c, h - 1, c->m->tables[in->a].elem_type, r), in->a, a);
        break;
    case OP_TABLE_SET:
        line(c, "w2cl_table_set(inst->tab%u, %s, %s);", in->a, rd(c, h - 2, a), rd(c, h - 1, b));
        c->height -= 2;
        break;
    case OP_TABLE_SIZE:
        line(c, "%s = inst->tab%u->size;", wr(c, c->height++, VT_I32, r), in->a);
        break;
    case OP_TABLE_GROW:
        rd(c, h - 2, a);
        rd(c, h - 1, b);
        line(c, "%s = w2cl_table_grow(inst->tab%u, %s, %s);", wr(c, h - 2, VT_I32, r), in->a, a, b);
        c->height -= 1;
        break;
    case OP_TABLE_FILL:
        line(c, "w2cl_table_fill(inst->tab%u, %s, %s, %s);", in->a, rd(c, h - 3, a), rd(c, h - 2, b), rd(c, h - 1, d));
        c->height -= 3;
        break;
    case OP_TABLE_COPY:
        line(c, "w2cl_table_copy(inst->tab%u, inst->tab%u, %s, %s, %s);", in->a, in->b, rd(c, h - 3, a), rd(c, h - 2, b), rd(c, h - 1, d));
        c->height -= 3;
        break;
    case OP_TABLE_INIT:
        if (c->m->elems[in->a].count)
            snprintf(seg, sizeof seg, "inst->elem%u", in->a);
        else
            snprintf(seg, sizeof seg, "NULL");
        line(c, "w2cl_table_init_segment(inst->tab%u, %s, inst->elem%u_len, %s, %s, %s);", in->b, seg, in->a, rd(c, h - 3, a), rd(c, h - 2, b), rd(c, h - 1, d));
        c->height -= 3;
        break;
    case OP_ELEM_DROP:
        line(c, "inst->elem%u_len = 0;", in->a);
        break;
    case OP_DATA_DROP:
        line(c, "inst->data%u_len = 0;", in->a);
        break;
    default:
        op_memory(c, in);
        break;
    }
}

/* ---- SIMD instructions with immediates ----------------------------------- */

/* extract_lane: v -> scalar; replace_lane: v, x -> v. */
static void op_lane(fn_ctx *c, const insn *in) {
    const op_info *oi = &op_infos[in->op];
    char a[32], b[32], r[32];
    const char *h = helper_name(in->op);
    if (oi->p2 != VT_NONE) {
        const char *x = rd(c, --c->height, b);
        const char *v = rd(c, c->height - 1, a);
        line(c, "%s = %s(%s, %u, %s);", wr(c, c->height - 1, oi->r, r), h, v, in->lane, x);
    } else {
        const char *v = rd(c, c->height - 1, a);
        line(c, "%s = %s(%s, %u);", wr(c, c->height - 1, oi->r, r), h, v, in->lane);
    }
}

/* i8x16.shuffle a, b: the 16 lane indices travel as two u64 constants. */
static void op_shuffle(fn_ctx *c, const insn *in) {
    char a[32], b[32], r[32];
    strbuf lanes;
    sb_init(&lanes, c->e->d);
    emit_v128_halves(&lanes, in->v128);
    const char *y = rd(c, --c->height, b);
    const char *x = rd(c, c->height - 1, a);
    line(c, "%s = w2cl_i8x16_shuffle(%s, %s, %s);", wr(c, c->height - 1, VT_V128, r), x, y, lanes.data);
    sb_free(&lanes);
}

static void op_bitselect(fn_ctx *c) {
    char a[32], b[32], m[32], r[32];
    const char *mask = rd(c, --c->height, m);
    const char *y = rd(c, --c->height, b);
    const char *x = rd(c, c->height - 1, a);
    line(c, "%s = w2cl_v128_bitselect(%s, %s, %s);", wr(c, c->height - 1, VT_V128, r), x, y, mask);
}

/* v128.loadN_lane / storeN_lane: address, vector. */
static void op_lane_memory(fn_ctx *c, const insn *in) {
    const op_info *oi = &op_infos[in->op];
    char a[32], v[32], r[32], ea[192];
    uint32_t mem = in->b;
    const char *h = helper_name(in->op);
    c->uses_inst = 1;
    const char *vec = rd(c, --c->height, v);
    const char *addr = rd(c, c->height - 1, a);
    access_address(c, ea, sizeof ea, mem, addr, in->bits, oi->size);
    char m[24];
    mem_arg(c, mem, m, sizeof m);
    if (oi->r != VT_NONE) {
        line(c, "%s = %s(%s, %s, %s, %u);", wr(c, c->height - 1, VT_V128, r), h, m, ea, vec, in->lane);
    } else {
        c->height--;
        line(c, "%s(%s, %s, %s, %u);", h, m, ea, vec, in->lane);
    }
}

/* Threads: atomic.fence, and w2cl_<text>(mem, ea, operands...) for
   read-modify-write, compare-exchange, the waits and notify (helpers in
   rt/w2cl_atomic.h; atomic loads and stores go through op_load_store). */
static void op_atomic(fn_ctx *c, const insn *in) {
    const op_info *oi = &op_infos[in->op];
    if (in->op == OP_ATOMIC_FENCE) {
        line(c, "w2cl_atomic_fence();");
        return;
    }
    /* Operands after the address: cmpxchg's expected and replacement, the
       waits' expected and timeout; one value for the rest. */
    int two = strstr(oi->text, "cmpxchg") || in->op == OP_MEMORY_ATOMIC_WAIT32 ||
              in->op == OP_MEMORY_ATOMIC_WAIT64;
    uint32_t base = c->height - (two ? 3 : 2), mem = in->b;
    char a[32], x[32], y[32], r[32], ea[128];
    const char *h = helper_name(in->op);
    c->uses_inst = 1;
    const char *addr = rd(c, base, a);
    if (c->m->mems[mem].is64)
        effective_address64(ea, sizeof ea, mem, addr, in->bits);
    else
        effective_address(ea, sizeof ea, addr, (uint32_t)in->bits);
    rd(c, base + 1, x);
    if (two)
        rd(c, base + 2, y);
    line(c, "%s = %s(inst->mem%u, %s, %s%s%s);", wr(c, base, oi->r, r), h, mem, ea, x, two ? ", " : "",
         two ? y : "");
    c->height = base + 1;
}

static void op_special(fn_ctx *c, const insn *in) {
    char a[32], b[32], d[32], r[32];
    if (op_infos[in->op].prefix == 0xfe) {
        op_atomic(c, in);
        return;
    }
    switch (in->op) {
    case OP_UNREACHABLE:
        line(c, "w2cl_trap(W2CL_TRAP_UNREACHABLE);");
        set_unreachable(c);
        break;
    case OP_NOP:
        break;
    case OP_I8X16_SHUFFLE:
        op_shuffle(c, in);
        break;
    case OP_V128_BITSELECT:
        op_bitselect(c);
        break;
    case OP_V128_LOAD8_LANE: case OP_V128_LOAD16_LANE: case OP_V128_LOAD32_LANE: case OP_V128_LOAD64_LANE:
    case OP_V128_STORE8_LANE: case OP_V128_STORE16_LANE: case OP_V128_STORE32_LANE: case OP_V128_STORE64_LANE:
        op_lane_memory(c, in);
        break;
    case OP_BLOCK: case OP_LOOP: case OP_IF:
        op_block(c, in);
        break;
    case OP_TRY:
        op_try(c, in);
        break;
    case OP_CATCH: case OP_CATCH_ALL:
        op_catch(c, in);
        break;
    case OP_DELEGATE:
        op_delegate(c, in);
        op_end(c);
        break;
    case OP_THROW:
        op_throw(c, in);
        set_unreachable(c);
        break;
    case OP_RETHROW:
        op_rethrow(c, in);
        set_unreachable(c);
        break;
    case OP_ELSE:
        op_else(c);
        break;
    case OP_END:
        op_end(c);
        break;
    case OP_BR:
        branch(c, &c->frames[c->nframes - 1 - in->a]);
        set_unreachable(c);
        break;
    case OP_BR_IF: {
        const char *cond = rd(c, --c->height, a);
        LINE(c, "if (", cond, ") {");
        c->indent++;
        branch(c, &c->frames[c->nframes - 1 - in->a]);
        c->indent--;
        LINE(c, "}");
        break;
    }
    case OP_BR_TABLE:
        op_br_table(c, in);
        set_unreachable(c);
        break;
    case OP_RETURN:
        branch(c, &c->frames[0]);
        set_unreachable(c);
        break;
    case OP_CALL:
        op_call(c, in->a);
        break;
    case OP_CALL_INDIRECT:
        op_call_indirect(c, in);
        break;
    case OP_RETURN_CALL:
        op_return_call(c, in->a);
        set_unreachable(c);
        break;
    case OP_RETURN_CALL_INDIRECT:
        op_return_call_indirect(c, in);
        set_unreachable(c);
        break;
    case OP_DROP:
        c->height--;
        break;
    case OP_SELECT: case OP_SELECT_T: {
        uint32_t h = c->height;
        valtype t = type_at(c, h - 2);
        const char *cond = rd(c, h - 1, d);
        const char *y = rd(c, h - 2, b);
        const char *x = rd(c, h - 3, a);
        LINE(c, wr(c, h - 3, t, r), " = ", cond, " ? ", x, " : ", y, ";");
        c->height -= 2;
        break;
    }
    case OP_LOCAL_GET:
        op_local_get(c, in->a);
        break;
    case OP_LOCAL_SET:
        op_local_set(c, in->a);
        break;
    case OP_LOCAL_TEE:
        op_local_tee(c, in->a);
        break;
    case OP_GLOBAL_GET: case OP_GLOBAL_SET:
        op_global(c, in);
        break;
    case OP_I32_CONST: case OP_I64_CONST: case OP_F32_CONST: case OP_F64_CONST: case OP_V128_CONST:
        op_const(c, in);
        break;
    case OP_REF_NULL:
        line(c, "%s = NULL;", wr(c, c->height++, in->vt, r));
        break;
    case OP_REF_IS_NULL:
        rd(c, c->height - 1, a);
        line(c, "%s = %s == NULL;", wr(c, c->height - 1, VT_I32, r), a);
        break;
    case OP_REF_FUNC:
        c->uses_inst = 1;
        line(c, "%s = &inst->funcs[%u];", wr(c, c->height++, VT_FUNCREF, r), in->a);
        break;
    default:
        op_table_memory(c, in);
        break;
    }
}

/* Skip instructions after a branch up to the `else`/`end` of the frame. */
static int skipping(fn_ctx *c, const insn *in, uint32_t *nested) {
    if (!c->frames[c->nframes - 1].unreachable)
        return 0;
    switch (in->op) {
    case OP_BLOCK: case OP_LOOP: case OP_IF: case OP_TRY:
        (*nested)++;
        return 1;
    case OP_ELSE: case OP_CATCH: case OP_CATCH_ALL:
        return *nested > 0;
    case OP_END: case OP_DELEGATE:
        if (*nested > 0) {
            (*nested)--;
            return 1;
        }
        return 0;
    default:
        return 1;
    }
}

/* ---- One function ------------------------------------------------------ */

static void name_locals(fn_ctx *c) {
    const func *fn = &c->m->funcs[c->fidx];
    c->nlocals_total = c->type->nparams + fn->nlocals;
    size_t n = c->nlocals_total ? c->nlocals_total : 1;
    c->local_types = arena_array(c->e->a, n, sizeof(valtype));
    c->local_names = arena_array(c->e->a, n, sizeof(char *));
    c->local_name_len = arena_array(c->e->a, n, sizeof(size_t));
    c->local_read = arena_array(c->e->a, n, 1);
    for (uint32_t i = 0; i < c->nlocals_total; i++) {
        c->local_types[i] = i < c->type->nparams ? c->type->types[i] : fn->locals[i - c->type->nparams];
        strbuf *sb = scratch(c);
        sb_putc(sb, 'l');
        sb_put_u32(sb, i);
        if (fn->local_names && fn->local_names[i] && fn->local_names[i][0]) {
            sb_putc(sb, '_');
            cname_readable(sb, fn->local_names[i]);
        }
        c->local_names[i] = arena_alloc(c->e->a, sb->len + 1);
        memcpy(c->local_names[i], sb->data, sb->len + 1);
        c->local_name_len[i] = sb->len;
    }
}

/* Control flow needs every deferred operand in its slot (where paths meet,
   a slot must hold its value); a condition or index is read right away. */
static void flush_for_control(fn_ctx *c, opcode op) {
    switch (op) {
    case OP_IF: case OP_BR_IF: case OP_BR_TABLE:
        flush_below(c, c->height - 1);
        break;
    case OP_BLOCK: case OP_LOOP: case OP_ELSE: case OP_END: case OP_BR: case OP_RETURN:
    case OP_UNREACHABLE: case OP_TRY: case OP_CATCH: case OP_CATCH_ALL: case OP_DELEGATE:
    case OP_THROW: case OP_RETHROW: case OP_RETURN_CALL: case OP_RETURN_CALL_INDIRECT:
        flush_all(c);
        break;
    default:
        break;
    }
}

static void translate_insn(fn_ctx *c, const insn *in) {
    if (in->op == OP_CALL || in->op == OP_CALL_INDIRECT || in->op == OP_RETURN_CALL ||
        in->op == OP_RETURN_CALL_INDIRECT)
        c->calls = 1;
    flush_for_control(c, in->op);
    const op_info *oi = &op_infos[in->op];
    if (oi->prefix == 0xfd)
        c->e->uses_simd = 1;
    if (oi->prefix == 0xfe)
        c->e->uses_atomics = 1;
    if (oi->cls == CLS_SIMPLE)
        op_simple(c, in);
    else if (oi->cls == CLS_LOAD || oi->cls == CLS_STORE)
        op_load_store(c, in);
    else if (oi->cls == CLS_LANE)
        op_lane(c, in);
    else
        op_special(c, in);
}

static void free_loop_plan(fn_ctx *c) {
    fast_loop *p = &c->copy.plan;
    diag_free(c->e->d, p->mems);
    diag_free(c->e->d, p->unchecked);
    sb_free(&p->trips);
    sb_free(&p->cond);
    memset(p, 0, sizeof *p);
}

/*
 * A loop that fast_loop_plan accepts is written twice:
 *
 *   trips = w2cl_trips_ne(...);
 *   if (w2cl_span_fits(&mem0, ...) && ...) {
 *   Lfast:;  the body, accesses without checks (w2cl_..._unchecked) but those
 *            it could not check up front (w2cl_..._checked)
 *     goto Ldone;
 *   }
 *   Lusual:;  the body as usual
 *   Ldone:;
 *
 * start_loop_copy writes up to Lfast and leaves the body to translate_body;
 * when the loop's frame is gone again, end_loop_copy closes the copy and
 * sends translate_body back to the loop's start for the usual one.
 */
static int start_loop_copy(fn_ctx *c, const insn_reader *ir, const insn *loop) {
    loop_copy *lc = &c->copy;
    memset(&lc->plan, 0, sizeof lc->plan);
    sb_init(&lc->plan.trips, c->e->d);
    sb_init(&lc->plan.cond, c->e->d);
    if (!fast_loop_plan(c->m, *ir, loop, c->local_types, c->nlocals_total, c->local_names, &lc->plan)) {
        free_loop_plan(c);
        return 0;
    }
    flush_all(c);
    c->uses_inst = 1;
    c->fast_loops = 1;
    for (uint32_t i = 0; i < lc->plan.nmems; i++)
        *bytes_at(&c->mem_view, lc->plan.mems[i], c->e->d) = 1;
    line(c, "/* Loop checked up front: the copy without bounds checks runs when every access of every trip is in bounds. */");
    LINE(c, "trips = ", lc->plan.trips.data, ";");
    LINE(c, "if (", lc->plan.cond.data, ") {");
    c->indent++;
    /* The usual copy starts from the same stack. */
    lc->loop = *loop;
    lc->body = ir->r.p;
    lc->height = c->height;
    lc->nframes = c->nframes;
    lc->saved = diag_realloc(c->e->d, NULL, 2 * (size_t)lc->height + 1);
    for (uint32_t i = 0; i < lc->height; i++) {
        lc->saved[i] = type_at(c, i);
        lc->saved[lc->height + i] = *bytes_at(&c->konst, i, c->e->d);
    }
    c->unchecked = &lc->plan;
    c->next_unchecked = 0;
    op_block(c, loop);
    return 1;
}

static void end_loop_copy(fn_ctx *c, insn_reader *ir) {
    loop_copy *lc = &c->copy;
    c->unchecked = NULL;
    uint32_t done = new_label(c);
    use_label(c, done);
    char n[12];
    LINE(c, "goto L", u32_text(n, done), ";");
    c->indent--;
    LINE(c, "}");
    ir->r.p = lc->body;
    c->height = lc->height;
    for (uint32_t i = 0; i < lc->height; i++) {
        *bytes_at(&c->stack, i, c->e->d) = lc->saved[i];
        *bytes_at(&c->konst, i, c->e->d) = lc->saved[lc->height + i];
    }
    diag_free(c->e->d, lc->saved);
    free_loop_plan(c);
    op_block(c, &lc->loop);
    c->frames[c->nframes - 1].after = done + 1;
}

static void translate_body(fn_ctx *c) {
    const func *fn = &c->m->funcs[c->fidx];
    insn_reader ir = {{c->m->bytes, fn->body.start, fn->body.start + fn->body.len, c->e->d}, c->e->a, c->m->features};
    frame *top = push_frame(c); /* the function's own block: label 0 is its exit */
    top->kind = OP_END;
    top->nresults = c->type->nresults;
    top->results = c->type->types + c->type->nparams;
    uint32_t nested = 0;
    int copies = !c->eh && !c->e->opt->no_loop_copies;
    while (c->nframes > 0) {
        insn in;
        insn_read(&ir, &in);
        if (skipping(c, &in, &nested))
            continue;
        if (in.op == OP_LOOP && copies && !c->unchecked && start_loop_copy(c, &ir, &in))
            continue;
        translate_insn(c, &in);
        if (c->unchecked && c->nframes == c->copy.nframes)
            end_loop_copy(c, &ir);
    }
}

/* Variables of one type declared together, "T a = 0, b = 0;" (pointers
   "void *a = NULL, *b = NULL;"): one line per type instead of one per
   variable keeps the C short. */
typedef struct {
    strbuf *out;
    valtype t;
    unsigned n; /* declarators on the open line; 0: none open */
} decl_line;

enum { DECLS_PER_LINE = 8 };

static void decl_end(decl_line *g) {
    if (g->n)
        sb_puts(g->out, ";\n");
    g->n = 0;
}

static void decl_add(fn_ctx *c, decl_line *g, valtype t, const char *name, const char *init) {
    const char *ct = ctype(t);
    int ptr = ct[strlen(ct) - 1] == '*';
    if (t == VT_V128)
        c->e->uses_simd = 1;
    if (g->n && (ctype(g->t) != ct || g->n == DECLS_PER_LINE))
        decl_end(g);
    if (g->n)
        sb_puts(g->out, ", ");
    else if (ptr) /* "void *": the star belongs to each declarator */
        sb_puts(g->out, "  void ");
    else {
        sb_putn(g->out, "  ", 2);
        sb_put_short(g->out, ct);
        sb_put_short(g->out, c->eh ? " volatile " : " ");
    }
    sb_put_short(g->out, ptr ? (c->eh ? "*volatile " : "*") : "");
    sb_put_short(g->out, name);
    sb_putn(g->out, " = ", 3);
    sb_put_short(g->out, init);
    g->t = t;
    g->n++;
}

/* "(void)name;": a variable never read, without the compiler's warning. */
static void write_unused(strbuf *out, const char *name) {
    sb_putn(out, "  (void)", 8);
    sb_put_short(out, name);
    sb_putn(out, ";\n", 2);
}

static void write_declarations(fn_ctx *c, strbuf *out) {
    const func *fn = &c->m->funcs[c->fidx];
    if (c->uses_inst)
        sb_printf(out, "  %s_instance *inst = (%s_instance *)ctx;\n", c->e->prefix, c->e->prefix);
    else
        sb_puts(out, "  (void)ctx;\n");
    for (size_t m = 0; m < c->mem_view.n; m++)
        if (c->mem_view.p[m])
            sb_printf(out, "  w2cl_memory mem%zu = *inst->mem%zu;\n", m, m);
    for (uint32_t i = 0; c->eh && !c->e->tail_fn[c->fidx] && i < c->type->nparams; i++) {
        char pn[24]; /* a function with try: parameters pN copied to volatile locals */
        snprintf(pn, sizeof pn, "p%u", i);
        declare_var(c, out, c->type->types[i], c->local_names[i], pn);
    }
    decl_line g = {out, VT_NONE, 0};
    for (uint32_t i = c->type->nparams; i < c->nlocals_total; i++) {
        valtype t = fn->locals[i - c->type->nparams];
        decl_add(c, &g, t, c->local_names[i], zero_value(t));
    }
    for (int k = 0; k < K_COUNT; k++) {
        decl_end(&g); /* slots on lines of their own */
        for (size_t d = 0; d < c->slots[k].n; d++) {
            if (!c->slots[k].p[d])
                continue;
            char b[32];
            slot_name(b, sizeof b, (uint32_t)d, kind_type[k]);
            decl_add(c, &g, kind_type[k], b, zero_value(kind_type[k]));
        }
    }
    decl_end(&g);
    sb_append(out, &c->temps);
    if (c->fast_loops)
        sb_puts(out, "  uint64_t trips = 0;\n");
    for (uint32_t i = 0; i < c->ntries; i++)
        sb_printf(out, "  w2cl_trap_frame try%u;\n", i);
    for (uint32_t i = 0; i < c->exc_used.n; i++)
        if (c->exc_used.p[i])
            sb_printf(out, "  w2cl_exception exc%u; /* for rethrow */\n", i);
    /* Values computed and never used are fine in wasm; keep the compiler quiet. */
    for (uint32_t i = 0; i < c->nlocals_total; i++)
        if (!c->local_read[i])
            write_unused(out, c->local_names[i]);
    for (int k = 0; k < K_COUNT; k++) {
        for (size_t d = 0; d < c->slots[k].n; d++) {
            if (c->slots[k].p[d] == SLOT_SET) {
                char b[32];
                slot_name(b, sizeof b, (uint32_t)d, kind_type[k]);
                write_unused(out, b);
            }
        }
    }
}

/* The decimal number at *pp (a '-' before it allowed); moves *pp past it. */
static long parse_number(const char **pp) {
    const char *p = *pp;
    int negative = *p == '-';
    p += negative;
    long v = 0;
    while (*p >= '0' && *p <= '9')
        v = v * 10 + (*p++ - '0');
    *pp = p;
    return negative ? -v : v;
}

static void write_indent(strbuf *out, long indent) {
    for (long i = 0; i < indent + 1 && i <= MAX_INDENT; i++)
        sb_putn(out, "  ", 2);
}

/* The text of the marker line at p (up to its newline). */
static void expand_marker(fn_ctx *c, const char *p, strbuf *out) {
    char kind = *p++;
    if (kind == '\001') {
        uint32_t label = (uint32_t)parse_number(&p);
        if (label < c->label_used.n && c->label_used.p[label]) {
            sb_putc(out, 'L');
            sb_put_u32(out, label);
            sb_putn(out, ":;\n", 3);
        }
    } else if (kind == '\003') { /* refresh_memory_views */
        long indent = parse_number(&p);
        for (size_t m = 0; m < c->mem_view.n && m < c->m->nmems; m++) {
            if (!c->mem_view.p[m] || c->e->mem_fixed[m])
                continue;
            write_indent(out, indent);
            sb_printf(out, "mem%zu = *inst->mem%zu;\n", m, m);
        }
    } else { /* '\002', a handler's start: save the exception for rethrow */
        uint32_t id = (uint32_t)parse_number(&p);
        p++; /* the space */
        long indent = parse_number(&p);
        if (id < c->exc_used.n && c->exc_used.p[id]) {
            write_indent(out, indent);
            sb_printf(out, "exc%u = *w2cl_current_exception();\n", id);
        }
    }
}

/* Copies the body, turning label markers into labels where used. */
static void write_body(fn_ctx *c, strbuf *out) {
    const char *body = c->body.data;
    size_t at = 0;
    for (size_t i = 0; i < c->nmarkers; i++) {
        size_t m = c->markers[i];
        sb_putn(out, body + at, m - at);
        expand_marker(c, body + m, out);
        at = (size_t)((const char *)memchr(body + m, '\n', c->body.len - m) - body) + 1;
    }
    if (c->body.len > at)
        sb_putn(out, body + at, c->body.len - at);
}

/* A tail body's parameters: locals initialised from ts->v. */
static void write_tail_params(fn_ctx *c, strbuf *out) {
    if (c->type->nparams == 0 && c->type->nresults == 0)
        sb_puts(out, "  (void)ts;\n");
    for (uint32_t i = 0; i < c->type->nparams; i++) {
        valtype t = c->type->types[i];
        char init[48];
        snprintf(init, sizeof init, "ts->v[%u].%s", i, vt_field(t));
        declare_var(c, out, t, c->local_names[i], init);
    }
}

/* fN of a function with a tail body: the loop that runs the chain (every
   body at the same depth: a tail call replaces its caller's frame). */
static void write_tail_entry(emit_ctx *e, uint32_t fidx, const char *name, strbuf *out) {
    const func_type *t = func_type_of(e->m, fidx);
    sb_puts(out, func_storage(e));
    emit_func_decl(out, e->m, e->m->funcs[fidx].type_idx, name, DEPTH_PARAMS, NULL);
    sb_puts(out, " {\n  tail_state ts;\n");
    for (uint32_t i = 0; i < t->nparams; i++)
        sb_printf(out, "  ts.v[%u].%s = l%u;\n", i, vt_field(t->types[i]), i);
    sb_printf(out, "  ts.next = %s_tail;\n", name);
    sb_puts(out, "  do {\n    tail_body *body = ts.next;\n    ts.next = NULL;\n"
                 "    body(ctx, depth, &ts);\n  } while (ts.next);\n");
    for (uint32_t i = 0; i < t->nresults; i++) {
        const char *f = vt_field(t->types[t->nparams + i]);
        if (t->nresults == 1)
            sb_printf(out, "  return ts.v[0].%s;\n", f);
        else
            sb_printf(out, "  *r%u = ts.v[%u].%s;\n", i, i, f);
    }
    sb_puts(out, "}\n\n");
}

/* fN_entry: fN as the target of a function pointer (its w2cl_funcref, for
   imports, call_indirect, exports and the embedder), with the depth taken
   from the runtime and put back on return (w2cl.h). */
static void write_pointer_entry(emit_ctx *e, uint32_t fidx, const char *name, strbuf *out) {
    const func_type *t = func_type_of(e->m, fidx);
    strbuf entry;
    sb_init(&entry, e->d);
    sb_printf(&entry, "%s_entry", name);
    sb_puts(out, func_storage(e));
    emit_func_decl(out, e->m, e->m->funcs[fidx].type_idx, entry.data, "void *ctx", NULL);
    sb_puts(out, " {\n  uint32_t active = w2cl_call_depth;\n  ");
    if (t->nresults == 1)
        sb_printf(out, "%s result = ", result_ctype(t));
    sb_printf(out, "%s(ctx, w2cl_depth_from(active)", name);
    for (uint32_t i = 0; i < t->nparams; i++)
        sb_printf(out, ", l%u", i);
    for (uint32_t i = 0; t->nresults > 1 && i < t->nresults; i++)
        sb_printf(out, ", r%u", i);
    sb_puts(out, ");\n  w2cl_call_depth = active;\n");
    if (t->nresults == 1)
        sb_puts(out, "  return result;\n");
    sb_puts(out, "}\n\n");
    sb_free(&entry);
}

/* Does defined function `fidx` contain a try (exception handling)? */
static int has_try(emit_ctx *e, uint32_t fidx) {
    const module *m = e->m;
    if (!(m->features & FEAT_EXCEPTIONS))
        return 0;
    const func *fn = &m->funcs[fidx];
    insn_reader ir = {{m->bytes, fn->body.start, fn->body.start + fn->body.len, e->d}, e->a, m->features};
    while (!rd_at_end(&ir.r)) {
        insn in;
        insn_read(&ir, &in);
        if (in.op == OP_TRY)
            return 1;
    }
    return 0;
}

/* Buffers kept from one function to the next (emit_function_range): grown
   anew for every function, they cost more than the text they held. */
typedef struct {
    strbuf body, scratch;
    size_t *markers;
    size_t markers_cap;
} fn_buffers;

static void emit_function(emit_ctx *e, uint32_t fidx, strbuf *out, fn_buffers *keep) {
    arena_mark mark = arena_save(e->a); /* what this function allocates goes with it */
    fn_ctx c;
    memset(&c, 0, sizeof c);
    c.e = e;
    c.m = e->m;
    c.fidx = fidx;
    c.type = func_type_of(e->m, fidx);
    c.body = keep->body;
    c.body.len = 0;
    if (c.body.data)
        c.body.data[0] = 0;
    c.scratch = keep->scratch;
    c.markers = keep->markers;
    c.markers_cap = keep->markers_cap;
    sb_init(&c.temps, e->d);
    c.max_output = max_function_output(&e->m->funcs[fidx]);
    c.eh = has_try(e, fidx);
    name_locals(&c);
    translate_body(&c);

    /* Results live in slots 0..n-1; make sure they are declared. */
    for (uint32_t i = 0; i < c.type->nresults; i++) {
        char b[32];
        *bytes_at(&c.stack, i, e->d) = c.type->types[c.type->nparams + i];
        wr(&c, i, c.type->types[c.type->nparams + i], b);
        rd(&c, i, b);
    }

    strbuf name;
    sb_init(&name, e->d);
    emit_func_name(&name, e, fidx);
    int tail = e->tail_fn[fidx];
    if (tail) {
        sb_printf(out, "%svoid %s_tail(" DEPTH_PARAMS ", tail_state *ts) {\n", func_storage(e), name.data);
        write_tail_params(&c, out);
    } else {
        const char **params = (const char **)c.local_names;
        if (c.eh) { /* parameters pN, copied to volatile locals (write_declarations) */
            params = arena_array(e->a, c.type->nparams ? c.type->nparams : 1, sizeof *params);
            for (uint32_t i = 0; i < c.type->nparams; i++) {
                char *pn = arena_alloc(e->a, 24);
                snprintf(pn, 24, "p%u", i);
                params[i] = pn;
            }
        }
        sb_puts(out, func_storage(e));
        emit_func_decl(out, e->m, e->m->funcs[fidx].type_idx, name.data, DEPTH_PARAMS,
                       (const char *const *)params);
        sb_puts(out, " {\n");
    }
    write_declarations(&c, out);
    /* Only a function that calls can recurse: a leaf adds one frame at most
       to a chain the depth already bounds, so it does not check. */
    sb_puts(out, c.calls ? "  w2cl_enter(depth);\n" : "  (void)depth;\n");
    write_body(&c, out);
    if (tail) {
        for (uint32_t i = 0; i < c.type->nresults; i++) {
            const char *f = vt_field(c.type->types[c.type->nparams + i]);
            sb_printf(out, "  ts->v[%u].%s = s%u_%s;\n", i, f, i, f);
        }
    } else if (c.type->nresults == 1) {
        sb_printf(out, "  return s0_%s;\n", vt_field(c.type->types[c.type->nparams]));
    } else {
        for (uint32_t i = 0; i < c.type->nresults && c.type->nresults > 1; i++)
            sb_printf(out, "  *r%u = s%u_%s;\n", i, i, vt_field(c.type->types[c.type->nparams + i]));
    }
    sb_puts(out, "}\n\n");
    if (tail)
        write_tail_entry(e, fidx, name.data, out);
    if (needs_pointer_entry(e->m, fidx))
        write_pointer_entry(e, fidx, name.data, out);

    sb_free(&name);
    keep->body = c.body;
    keep->scratch = c.scratch;
    keep->markers = c.markers;
    keep->markers_cap = c.markers_cap;
    sb_free(&c.temps);
    diag_free(e->d, c.stack.p);
    diag_free(e->d, c.konst.p);
    diag_free(e->d, c.label_used.p);
    diag_free(e->d, c.exc_used.p);
    diag_free(e->d, c.mem_view.p);
    diag_free(e->d, c.defer);
    diag_free(e->d, c.deferred_at);
    for (int k = 0; k < K_COUNT; k++)
        diag_free(e->d, c.slots[k].p);
    diag_free(e->d, c.frames);
    arena_release(e->a, mark);
}

/* Marks the functions with tail calls in e->tail_fn; returns 1 when one has
   return_call_indirect, 0 when none, -1 when no function tail calls. */
static int find_tail_calls(emit_ctx *e) {
    const module *m = e->m;
    int found = -1;
    e->tail_fn = arena_array(e->a, m->nfuncs ? m->nfuncs : 1, 1);
    if (!(m->features & FEAT_TAIL_CALL))
        return found;
    for (uint32_t f = m->nfunc_imports; f < m->nfuncs; f++) {
        const func *fn = &m->funcs[f];
        insn_reader ir = {{m->bytes, fn->body.start, fn->body.start + fn->body.len, e->d}, e->a, m->features};
        while (!rd_at_end(&ir.r)) {
            insn in;
            insn_read(&ir, &in);
            if (in.op == OP_RETURN_CALL || in.op == OP_RETURN_CALL_INDIRECT) {
                e->tail_fn[f] = 1;
                found = found == 1 || in.op == OP_RETURN_CALL_INDIRECT;
            }
        }
    }
    return found;
}

/* The tail_state type, the bodies' prototypes and, for return_call_indirect,
   the table from function index to body (split output: declared in `out`,
   defined in `table`, under the module prefix). */
static void write_tail_prelude(emit_ctx *e, int indirect, strbuf *out, strbuf *table) {
    const module *m = e->m;
    uint32_t slots = 1;
    for (uint32_t t = 0; t < m->ntypes; t++) {
        if (m->types[t].nparams > slots)
            slots = m->types[t].nparams;
        if (m->types[t].nresults > slots)
            slots = m->types[t].nresults;
    }
    sb_puts(out, "/* Tail calls: see the loop in each function with a _tail body. */\n");
    sb_puts(out, "typedef struct tail_state tail_state;\ntypedef void tail_body(" DEPTH_PARAMS ", tail_state *ts);\n");
    sb_printf(out, "struct tail_state {\n  tail_body *next; /* the body to run next, or NULL */\n"
                   "  w2cl_value v[%u]; /* arguments in, results out */\n};\n", slots);
    for (uint32_t f = m->nfunc_imports; f < m->nfuncs; f++) {
        if (!e->tail_fn[f])
            continue;
        sb_printf(out, "%stail_body ", e->opt->split ? "extern " : "static ");
        emit_func_name(out, e, f);
        sb_puts(out, "_tail;\n");
    }
    if (indirect && e->opt->split) {
        sb_printf(out, "#define tail_bodies %s__tail_bodies\n", e->prefix);
        sb_printf(out, "extern tail_body *const tail_bodies[%u];\n", m->nfuncs);
    }
    if (indirect) {
        sb_printf(table, "%stail_body *const tail_bodies[%u] = {", func_storage(e), m->nfuncs);
        for (uint32_t f = 0; f < m->nfuncs; f++) {
            sb_puts(table, f % 8 == 0 ? "\n  " : " ");
            if (e->tail_fn[f]) {
                emit_func_name(table, e, f);
                sb_puts(table, "_tail,");
            } else {
                sb_puts(table, "NULL,");
            }
        }
        sb_puts(table, "\n};\n");
    }
    sb_puts(out, "\n");
}

void emit_tail_prelude(emit_ctx *e, strbuf *decls, strbuf *table) {
    int tail = find_tail_calls(e);
    if (tail >= 0)
        write_tail_prelude(e, tail, decls, table);
}

void emit_function_range(emit_ctx *e, uint32_t from, uint32_t to, strbuf *out) {
    fn_buffers keep;
    sb_init(&keep.body, e->d);
    sb_init(&keep.scratch, e->d);
    keep.markers = NULL;
    keep.markers_cap = 0;
    for (uint32_t f = from; f < to; f++)
        emit_function(e, f, out, &keep);
    sb_free(&keep.body);
    sb_free(&keep.scratch);
    diag_free(e->d, keep.markers);
}
