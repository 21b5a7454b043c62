/*
 * The contract between run.py's generated tables and the fixed spec driver
 * (spec_driver.c). run.py writes, per .wast file:
 *   driver.c  - spec_commands[] (the script, as data), spec_values[] and
 *               spec_v128_values[] (the lanes of v128 values);
 *   modules.c - spec_modules[], one entry per translated module (NULL when it
 *               did not translate or compile);
 *   mN_unit.c - the generated module mN.c plus its spec_module_ops `mN_ops`.
 * Keeping the script as data keeps the per-file C small and fast to compile
 * even for files with thousands of assertions.
 *
 * Protocol: for each command the driver prints one line to stdout,
 *   "@@ ok INDEX LINE" or "@@ fail INDEX LINE reason",
 * where INDEX is the command's position in the wast2json command list.
 */
#ifndef SPEC_DRIVER_H
#define SPEC_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "w2cl.h"

/* What a command asks for. */
enum {
    SPEC_INSTANTIATE,   /* module: must link and instantiate */
    SPEC_REGISTER,      /* register: the instance's exports under `name` */
    SPEC_ACTION,        /* action: must not trap */
    SPEC_RETURN,        /* assert_return */
    SPEC_TRAP,          /* assert_trap on an action */
    SPEC_EXHAUSTION,    /* assert_exhaustion */
    SPEC_UNLINKABLE,    /* assert_unlinkable: must fail with W2CL_LINK_ERROR */
    SPEC_UNINSTANTIABLE, /* assert_uninstantiable: instantiate must trap */
    SPEC_EXCEPTION      /* assert_exception: the action must end in an uncaught exception */
};

/* How an expected value is compared (arguments are always SPEC_EXACT or SPEC_REF_NULL). */
enum {
    SPEC_EXACT,         /* same bits; for references the value (void *)(uintptr_t)bits */
    SPEC_NAN_CANONICAL, /* any canonical NaN, either sign */
    SPEC_NAN_ARITHMETIC,/* any NaN with the quiet bit set */
    SPEC_REF_NULL,      /* a null reference */
    SPEC_REF_NONNULL    /* any non-null reference */
};

/* A v128 value's lane shape: how its lanes are compared and printed. */
enum {
    SPEC_LANES_I8,  /* i8x16 */
    SPEC_LANES_I16, /* i16x8 */
    SPEC_LANES_I32, /* i32x4 */
    SPEC_LANES_I64, /* i64x2 */
    SPEC_LANES_F32, /* f32x4 */
    SPEC_LANES_F64  /* f64x2 */
};

/* The payload of a v128 spec_value (type W2CL_V128, kind SPEC_EXACT, bits
   its index in spec_v128_values[]). Each lane has its own comparison kind:
   SPEC_EXACT, or for float lanes of an expected result a NaN pattern. */
typedef struct {
    uint8_t shape;     /* SPEC_LANES_I8 ... */
    uint8_t kinds[16]; /* per lane; only the first 16 >> log2(lane bytes) are used */
    uint8_t bytes[16]; /* the value in WebAssembly memory order (lanes little-endian) */
} spec_v128_value;

typedef struct {
    uint8_t type; /* W2CL_I32 ... W2CL_EXTERNREF */
    uint8_t kind; /* SPEC_EXACT ... */
    uint64_t bits; /* v128: index in spec_v128_values[] */
} spec_value;

/* One module's entry points with its instance/imports types erased. */
typedef struct {
    size_t instance_size;
    size_t imports_size;
    w2cl_status (*resolve_imports)(void *imports, const w2cl_extern *list, size_t n);
    w2cl_status (*instantiate)(void *instance, const void *imports);
    size_t (*exports)(void *instance, const char *module, w2cl_extern *out, size_t cap);
} spec_module_ops;

typedef struct {
    uint8_t op;        /* SPEC_INSTANTIATE ... */
    uint8_t is_get;    /* actions: read a global instead of invoking */
    uint32_t index;    /* position in the wast2json command list */
    uint32_t line;     /* in the .wast file */
    int32_t module;    /* module commands: index into spec_modules */
    int32_t instance;  /* the instance slot the command creates or uses */
    const char *name;  /* export to invoke/get, or the name to register under */
    uint32_t name_len; /* names may hold NUL bytes */
    uint32_t nargs, nresults;
    uint32_t args, results; /* first value in spec_values */
    const char *text;       /* the expected failure text, for messages */
} spec_command;

extern const spec_command spec_commands[];
extern const size_t spec_command_count;
extern const spec_value spec_values[];
extern const spec_v128_value spec_v128_values[];
extern const size_t spec_instance_count;
extern const spec_module_ops *const spec_modules[];
extern const size_t spec_module_count;

#endif
