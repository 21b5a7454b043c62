/*
 * The decoded module: what decode.c fills, validate.c checks and the
 * emitter reads. Index spaces (functions, tables, memories, globals) hold
 * imports first, exactly as the spec numbers them.
 */
#ifndef W2CL_MODULE_H
#define W2CL_MODULE_H

#include <stddef.h>
#include <stdint.h>

#include "opcode.h"

/* A slice of the input file; `offset` is its file offset (for messages). */
typedef struct {
    const uint8_t *start;
    size_t len;
    size_t offset;
} byte_span;

typedef struct {
    uint32_t nparams, nresults;
    valtype *types; /* nparams parameter types, then nresults result types */
} func_type;

typedef struct {
    uint64_t min, max;
    int has_max;
} limits;

typedef struct {
    valtype type;
    int mut;
} global_type;

typedef enum { EXT_FUNC = 0, EXT_TABLE = 1, EXT_MEMORY = 2, EXT_GLOBAL = 3, EXT_TAG = 4 } extern_kind;

typedef struct {
    const char *module, *name; /* NUL-terminated copies (names may hold NUL: use the lengths) */
    uint32_t module_len, name_len;
    extern_kind kind;
    uint32_t index; /* index in the kind's index space */
    size_t entry_offset; /* file offset of the entry (messages) */
} import;

typedef struct {
    uint32_t type_idx;
    int imported;        /* 1 for imports: no body */
    uint32_t import_idx; /* into module.imports when imported */
    uint32_t nlocals;    /* declared locals, parameters not included */
    valtype *locals;
    byte_span body;      /* instructions after the local declarations, final `end` included */
    const char *name;    /* from the name section, or NULL */
    const char **local_names; /* nparams + nlocals entries (NULL = none), or NULL */
    size_t entry_offset; /* file offset of its type index (messages) */
} func;

typedef struct {
    valtype elem_type;
    limits lim;
    int imported;
    uint32_t import_idx;
    size_t entry_offset; /* file offset of the entry (messages) */
} table;

typedef struct {
    limits lim;
    int is64; /* memory64: i64 addresses and sizes */
    int shared; /* threads: a shared memory (limits flag bit 1) */
    int imported;
    uint32_t import_idx;
    size_t entry_offset; /* file offset of the entry (messages) */
} memory;

typedef struct {
    global_type type;
    int imported;
    uint32_t import_idx;
    byte_span init; /* constant expression, final `end` included (defined globals) */
} global;

/* An exception tag (exception handling): its type has no results. */
typedef struct {
    uint32_t type_idx;
    int imported;
    uint32_t import_idx;
    size_t entry_offset; /* file offset of the entry (messages) */
} tag;

typedef struct {
    const char *name; /* NUL-terminated copy */
    uint32_t name_len;
    extern_kind kind;
    uint32_t index;
    size_t entry_offset; /* file offset of the entry (messages) */
} export_entry;

typedef enum { SEG_ACTIVE, SEG_PASSIVE, SEG_DECLARATIVE } seg_mode;

typedef struct {
    seg_mode mode;
    uint32_t table;   /* active only */
    byte_span offset; /* active only: constant expression */
    valtype type;     /* funcref or externref */
    uint32_t count;
    byte_span *exprs; /* count constant expressions, or NULL when ... */
    uint32_t *funcs;  /* ... the segment lists function indices */
    size_t entry_offset; /* file offset of the segment (messages) */
} elem_segment;

typedef struct {
    seg_mode mode; /* SEG_ACTIVE or SEG_PASSIVE */
    uint32_t mem;
    byte_span offset;
    byte_span bytes;
    size_t entry_offset; /* file offset of the segment (messages) */
} data_segment;

typedef struct {
    const char *file; /* for messages */
    const uint8_t *bytes;
    size_t size;
    unsigned features; /* FEAT_* bits (wasm_features.h) the module may use */

    func_type *types;
    uint32_t ntypes;
    import *imports;
    uint32_t nimports;
    func *funcs;
    uint32_t nfuncs, nfunc_imports;
    table *tables;
    uint32_t ntables, ntable_imports;
    memory *mems;
    uint32_t nmems, nmem_imports;
    global *globals;
    uint32_t nglobals, nglobal_imports;
    tag *tags; /* exception handling: imports first */
    uint32_t ntags, ntag_imports;
    export_entry *exports;
    uint32_t nexports;
    int has_start;
    uint32_t start;
    size_t start_offset; /* file offset of the start index (messages) */
    elem_segment *elems;
    uint32_t nelems;
    data_segment *datas;
    uint32_t ndatas;
    int has_data_count;
    uint32_t data_count;
    /* Functions referenced outside function bodies (exports, elements,
       globals): the only ones ref.func may name in a body. nfuncs entries. */
    uint8_t *func_declared;
} module;

/* The type of addresses into memory `idx`: i64 for a 64-bit memory. */
static inline valtype mem_addr_type(const module *m, uint32_t idx) {
    return m->mems[idx].is64 ? VT_I64 : VT_I32;
}

static inline const func_type *func_type_of(const module *m, uint32_t funcidx) {
    return &m->types[m->funcs[funcidx].type_idx];
}

#endif
