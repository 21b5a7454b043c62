/* Shared state and small helpers of the emitter (emit_*.c). */
#ifndef W2CL_EMIT_INTERNAL_H
#define W2CL_EMIT_INTERNAL_H

#include "arena.h"
#include "module.h"
#include "strbuf.h"
#include "validate.h"

/* Translator options that change the output (main.c's flags). */
typedef struct {
    int heap_free;            /* memories and tables in the instance: no allocator (--heap-free) */
    int has_mem_cap;          /* --max-memory-pages given */
    uint64_t mem_cap;         /* its value, in pages */
    int has_table_cap;        /* --max-table-elements given */
    uint64_t table_cap;       /* its value, in elements */
    unsigned split;           /* --split N: function bodies in N files of their own (0: none) */
    int direct_imports;       /* --direct-imports: imported functions called by name */
    int no_loop_copies;       /* --no-loop-copies: no loop checked up front (fast_loop.h) */
} emit_options;

/* Where the C goes. With emit_options.split, `shared` is a private header
   the .c files include, OUT.c keeps everything but the functions, and those
   go to the `parts` (the functions get the module prefix: they are extern). */
typedef struct {
    strbuf *h, *c;
    const char *header_name;  /* h as the C #includes it ("foo.h") */
    strbuf *shared;           /* split only */
    const char *shared_name;  /* split only: "foo_shared.h" */
    strbuf *parts;            /* split only: emit_options.split buffers */
} emit_outputs;

typedef struct {
    const module *m;
    const char *prefix;
    arena *a;
    diag *d;
    uint8_t *type_used; /* ntypes: needs its w2cl_functype object */
    uint8_t *data_used; /* ndatas: needs its byte array */
    uint8_t *tail_fn;   /* nfuncs: a defined function with return_call(_indirect) (emit_func.c) */
    int uses_simd;      /* some code needs rt/w2cl_simd.h */
    const emit_options *opt; /* never NULL */
    uint64_t *mem_cap;  /* nmems, heap-free: pages of each defined memory's storage */
    uint64_t *tab_cap;  /* ntables, heap-free: elements of each defined table's storage */
    int uses_atomics;   /* some code needs rt/w2cl_atomic.h (threads) */
    uint8_t *mem_fixed; /* nmems: only this module's own memory.grow can resize it (none
                           does, it is neither imported nor exported): calls leave it alone */
    /* nfuncs: what a call needs of its callee, in small arrays (calls look
       them up at random: these stay in cache where m->funcs does not). */
    uint32_t *func_type_idx; /* funcs[f].type_idx */
    uint8_t *func_plain;     /* a defined function without a name: called as "fN" */
} emit_ctx;

/* C type of a value type: uint32_t, uint64_t, float, double, w2cl_v128, void *. */
const char *ctype(valtype t);
/* Short suffix for slot names and w2cl_value fields: i32, i64, f32, f64, v128, ref. */
const char *vt_field(valtype t);

/* The C name of function `f`: "f3", or "f3_name" with a name-section name
   (split output: after the module prefix, "foo_f3"). */
void emit_func_name(strbuf *sb, const emit_ctx *e, uint32_t f);
/* "MODULE_NAME" of import i, mangled: its member in the imports struct
   ("_importN" added when the pair was imported before), and with
   --direct-imports "w2cl_import_MODULE_NAME", the C function it calls. */
void import_member(strbuf *sb, const module *m, uint32_t i);
void emit_direct_import(strbuf *sb, const module *m, uint32_t i);
/* Can anything reach function f through a pointer (an export, an element
   segment, ref.func, the start function: C.refs)? Only then does it get
   an fN_entry wrapper; the other functions' w2cl_funcref has no fn. */
int needs_pointer_entry(const module *m, uint32_t f);
/* The first parameters of a defined function's C body: its instance and
   the call depth left to it (rt/w2cl.h); fN_entry, the function pointer
   target, has only the instance. */
#define DEPTH_PARAMS "void *ctx, uint32_t depth"
/* The storage class of functions: "static ", or "" when split. */
const char *func_storage(const emit_ctx *e);
/* "R NAME(void *ctx, P l0, ..., R1 *r0, ...)" for a function type; names of
   parameters come from `param_names` (NULL: l0, l1, ...). */
void emit_func_decl(strbuf *sb, const module *m, uint32_t type_idx, const char *name,
                    const char *first_param, const char *const *param_names);
/* The return type alone: void, or the single result's C type. */
const char *result_ctype(const func_type *t);

/* The w2cl_global of global `g` as an lvalue, and its address. */
void emit_global(strbuf *sb, const module *m, uint32_t g);
void emit_global_addr(strbuf *sb, const module *m, uint32_t g);

/* The C initialiser of a variable of type t: 0, NULL or w2cl_v128_zero(). */
const char *zero_value(valtype t);

void emit_f32_literal(strbuf *sb, uint32_t bits);
/* v128 immediates: "UINT64_C(lo), UINT64_C(hi)", and w2cl_v128_const(lo, hi). */
void emit_v128_halves(strbuf *sb, const uint8_t b[16]);
void emit_v128_literal(strbuf *sb, const uint8_t b[16]);
void emit_f64_literal(strbuf *sb, uint64_t bits);
/* A constant expression as a C expression (inside instantiate: `inst` in scope). */
void emit_const_expr(strbuf *sb, emit_ctx *e, byte_span expr);

/* emit_module (emit.h) with options; `opt` NULL means the defaults. A
   heap-free module whose memory or table cannot get a fixed size fails
   through d. */
void emit_module_with(const module *m, const emit_options *opt, const code_uses *uses, const char *prefix,
                      const emit_outputs *out, arena *a, diag *d);

/* Function bodies (emit_func.c): emit_tail_prelude first (tail-call
   declarations into `decls`; with return_call_indirect also the table of
   bodies, into `table`), then the functions [from, to) in any number of
   calls and buffers. */
void emit_tail_prelude(emit_ctx *e, strbuf *decls, strbuf *table);
void emit_function_range(emit_ctx *e, uint32_t from, uint32_t to, strbuf *out);

#endif
