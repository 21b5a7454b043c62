/*
 * The `spectest` host module (see spectest.h). Each print function has the
 * C signature w2cl.h prescribes for imports, `void fn(void *ctx, P...)`, and
 * a hand-written dyncall so that w2cl_invoke and tables can call it too.
 *
 * Printed text goes to stdout; the spec driver marks its own protocol lines
 * with "@@ " so that these lines do not confuse the harness.
 */
#include "spectest.h"

#include <inttypes.h>
#include <stdio.h>

/* ---- Function types ------------------------------------------------------ */

static const uint8_t types_none[1] = {0};
static const uint8_t types_i32[] = {W2CL_I32};
static const uint8_t types_i64[] = {W2CL_I64};
static const uint8_t types_f32[] = {W2CL_F32};
static const uint8_t types_f64[] = {W2CL_F64};
static const uint8_t types_i32_f32[] = {W2CL_I32, W2CL_F32};
static const uint8_t types_f64_f64[] = {W2CL_F64, W2CL_F64};

static const w2cl_functype type_none = {0, 0, types_none};
static const w2cl_functype type_i32 = {1, 0, types_i32};
static const w2cl_functype type_i64 = {1, 0, types_i64};
static const w2cl_functype type_f32 = {1, 0, types_f32};
static const w2cl_functype type_f64 = {1, 0, types_f64};
static const w2cl_functype type_i32_f32 = {2, 0, types_i32_f32};
static const w2cl_functype type_f64_f64 = {2, 0, types_f64_f64};

/* ---- The functions ------------------------------------------------------- */

static void print(void *ctx) {
    (void)ctx;
    printf("spectest print\n");
}

static void print_i32(void *ctx, uint32_t a) {
    (void)ctx;
    printf("spectest print_i32: %" PRIu32 "\n", a);
}

static void print_i64(void *ctx, uint64_t a) {
    (void)ctx;
    printf("spectest print_i64: %" PRIu64 "\n", a);
}

static void print_f32(void *ctx, float a) {
    (void)ctx;
    printf("spectest print_f32: %g\n", (double)a);
}

static void print_f64(void *ctx, double a) {
    (void)ctx;
    printf("spectest print_f64: %g\n", a);
}

static void print_i32_f32(void *ctx, uint32_t a, float b) {
    (void)ctx;
    printf("spectest print_i32_f32: %" PRIu32 " %g\n", a, (double)b);
}

static void print_f64_f64(void *ctx, double a, double b) {
    (void)ctx;
    printf("spectest print_f64_f64: %g %g\n", a, b);
}

/* ---- Their dyncalls: cast `fn` back to its real type, unpack args -------- */

static void call_none(w2cl_fnptr fn, void *ctx, const w2cl_value *args, w2cl_value *results) {
    (void)args;
    (void)results;
    ((void (*)(void *))fn)(ctx);
}

static void call_i32(w2cl_fnptr fn, void *ctx, const w2cl_value *args, w2cl_value *results) {
    (void)results;
    ((void (*)(void *, uint32_t))fn)(ctx, args[0].i32);
}

static void call_i64(w2cl_fnptr fn, void *ctx, const w2cl_value *args, w2cl_value *results) {
    (void)results;
    ((void (*)(void *, uint64_t))fn)(ctx, args[0].i64);
}

static void call_f32(w2cl_fnptr fn, void *ctx, const w2cl_value *args, w2cl_value *results) {
    (void)results;
    ((void (*)(void *, float))fn)(ctx, args[0].f32);
}

static void call_f64(w2cl_fnptr fn, void *ctx, const w2cl_value *args, w2cl_value *results) {
    (void)results;
    ((void (*)(void *, double))fn)(ctx, args[0].f64);
}

static void call_i32_f32(w2cl_fnptr fn, void *ctx, const w2cl_value *args,
                         w2cl_value *results) {
    (void)results;
    ((void (*)(void *, uint32_t, float))fn)(ctx, args[0].i32, args[1].f32);
}

static void call_f64_f64(w2cl_fnptr fn, void *ctx, const w2cl_value *args,
                         w2cl_value *results) {
    (void)results;
    ((void (*)(void *, double, double))fn)(ctx, args[0].f64, args[1].f64);
}

/* Not const: w2cl_extern.object is a plain `void *`. */
static w2cl_funcref ref_print = {&type_none, (w2cl_fnptr)print, NULL, call_none};
static w2cl_funcref ref_print_i32 = {&type_i32, (w2cl_fnptr)print_i32, NULL, call_i32};
static w2cl_funcref ref_print_i64 = {&type_i64, (w2cl_fnptr)print_i64, NULL, call_i64};
static w2cl_funcref ref_print_f32 = {&type_f32, (w2cl_fnptr)print_f32, NULL, call_f32};
static w2cl_funcref ref_print_f64 = {&type_f64, (w2cl_fnptr)print_f64, NULL, call_f64};
static w2cl_funcref ref_print_i32_f32 = {&type_i32_f32, (w2cl_fnptr)print_i32_f32, NULL,
                                         call_i32_f32};
static w2cl_funcref ref_print_f64_f64 = {&type_f64_f64, (w2cl_fnptr)print_f64_f64, NULL,
                                         call_f64_f64};

/* ---- Globals, table, memory ---------------------------------------------- */

static w2cl_global global_i32 = {W2CL_I32, 0, {.i32 = 666}};
static w2cl_global global_i64 = {W2CL_I64, 0, {.i64 = 666}};
static w2cl_global global_f32 = {W2CL_F32, 0, {.f32 = 666.6f}};
static w2cl_global global_f64 = {W2CL_F64, 0, {.f64 = 666.6}};
static w2cl_table table;
static w2cl_memory memory;
static w2cl_memory shared_memory; /* threads: (memory 1 2 shared) */

w2cl_status spectest_init(void) {
    w2cl_status s = w2cl_table_init(&table, W2CL_FUNCREF, 10, 20, 1);
    if (s != W2CL_OK)
        return s;
    s = w2cl_memory_init(&memory, 1, 2, 1);
    if (s != W2CL_OK)
        return s;
    return w2cl_memory_init_shared(&shared_memory, 1, 2, 0);
}

#define ENTRY(name, kind, object) {"spectest", name, sizeof(name) - 1, kind, object}

static const w2cl_extern externs[] = {
    ENTRY("print", W2CL_EXTERN_FUNC, &ref_print),
    ENTRY("print_i32", W2CL_EXTERN_FUNC, &ref_print_i32),
    ENTRY("print_i64", W2CL_EXTERN_FUNC, &ref_print_i64),
    ENTRY("print_f32", W2CL_EXTERN_FUNC, &ref_print_f32),
    ENTRY("print_f64", W2CL_EXTERN_FUNC, &ref_print_f64),
    ENTRY("print_i32_f32", W2CL_EXTERN_FUNC, &ref_print_i32_f32),
    ENTRY("print_f64_f64", W2CL_EXTERN_FUNC, &ref_print_f64_f64),
    ENTRY("global_i32", W2CL_EXTERN_GLOBAL, &global_i32),
    ENTRY("global_i64", W2CL_EXTERN_GLOBAL, &global_i64),
    ENTRY("global_f32", W2CL_EXTERN_GLOBAL, &global_f32),
    ENTRY("global_f64", W2CL_EXTERN_GLOBAL, &global_f64),
    ENTRY("table", W2CL_EXTERN_TABLE, &table),
    ENTRY("memory", W2CL_EXTERN_MEMORY, &memory),
    ENTRY("shared_memory", W2CL_EXTERN_MEMORY, &shared_memory),
};

const w2cl_extern *spectest_externs(size_t *count) {
    *count = sizeof(externs) / sizeof(externs[0]);
    return externs;
}
