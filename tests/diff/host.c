/*
 * Differential testing, the wasm2c-lite side: instantiates the translated
 * module (diff_the_module, from diff_glue.h) with the `fuzzing-support`
 * imports binaryen's -ttf modules use, calls every exported function and
 * prints the same protocol lines as run_node.mjs (tests/diff/README.md).
 *
 *   host POOL ROUNDS
 *
 * POOL: comma-separated 64-bit hex values arguments are taken from; ROUNDS:
 * how many times every export is called (round 0 with zeros).
 *
 * Runs on a thread with a large stack so that the runtime's call-depth limit,
 * not the C stack, stops deep recursion even at -O0.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff_host.h"

#define RUN_STACK_SIZE ((size_t)256 << 20)
#define MAX_POOL 256

static uint64_t pool[MAX_POOL];
static size_t pool_len;
static unsigned rounds = 1;

static void *xcalloc(size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fprintf(stderr, "diff host: out of memory\n");
        exit(3);
    }
    return p;
}

/* ---- Values as text (run_node.mjs: format) ---------------------------------- */

static void format_value(char *out, size_t size, uint8_t type, const w2cl_value *v) {
    switch (type) {
    case W2CL_I32:
        snprintf(out, size, "i32:0x%08" PRIx32, v->i32);
        break;
    case W2CL_I64:
        snprintf(out, size, "i64:0x%016" PRIx64, v->i64);
        break;
    case W2CL_F32: {
        uint32_t b;
        memcpy(&b, &v->f32, sizeof b);
        snprintf(out, size, "f32:0x%08" PRIx32, b);
        break;
    }
    case W2CL_F64: {
        uint64_t b;
        memcpy(&b, &v->f64, sizeof b);
        snprintf(out, size, "f64:0x%016" PRIx64, b);
        break;
    }
    case W2CL_FUNCREF:
        snprintf(out, size, "funcref:%s", v->ref ? "nonnull" : "null");
        break;
    case W2CL_EXTERNREF:
        snprintf(out, size, "externref:%s", v->ref ? "nonnull" : "null");
        break;
    case W2CL_V128: {
        uint8_t bytes[16];
        size_t used = (size_t)snprintf(out, size, "v128:0x");
        w2cl_v128_to_bytes(v->v128, bytes);
        for (int i = 15; i >= 0 && used < size; i--)
            used += (size_t)snprintf(out + used, size - used, "%02x", bytes[i]);
        break;
    }
    default:
        snprintf(out, size, "type%u:?", (unsigned)type);
        break;
    }
}

/* The argument of `type` made from the 64-bit pattern (run_node.mjs: makeArg):
   NaN patterns become the canonical NaN, as JS numbers cannot carry payloads
   reliably; references are null. */
static w2cl_value make_arg(uint8_t type, uint64_t bits) {
    w2cl_value v;
    memset(&v, 0, sizeof v);
    switch (type) {
    case W2CL_I32:
        v.i32 = (uint32_t)bits;
        break;
    case W2CL_I64:
        v.i64 = bits;
        break;
    case W2CL_F32: {
        uint32_t b = (uint32_t)bits;
        if ((b & 0x7f800000u) == 0x7f800000u && (b & 0x7fffffu) != 0)
            b = 0x7fc00000u;
        memcpy(&v.f32, &b, sizeof b);
        break;
    }
    case W2CL_F64: {
        uint64_t b = bits;
        if ((b & UINT64_C(0x7ff0000000000000)) == UINT64_C(0x7ff0000000000000) &&
            (b & UINT64_C(0xfffffffffffff)) != 0)
            b = UINT64_C(0x7ff8000000000000);
        memcpy(&v.f64, &b, sizeof b);
        break;
    }
    default:
        v.ref = NULL;
        break;
    }
    return v;
}

/* ---- Traps: statuses mapped to the classes run_node.mjs derives from V8 ----- */

static const char *trap_class(w2cl_status s) {
    switch (s) {
    case W2CL_TRAP_UNREACHABLE: return "unreachable";
    case W2CL_TRAP_MEMORY_OOB: return "memory";
    case W2CL_TRAP_DIV_BY_ZERO: return "div0";
    case W2CL_TRAP_INT_OVERFLOW: return "overflow";
    case W2CL_TRAP_INVALID_CONVERSION: return "conversion";
    /* V8: "table index is out of bounds" for both */
    case W2CL_TRAP_TABLE_OOB:
    case W2CL_TRAP_UNDEFINED_ELEMENT: return "table";
    /* V8: "null function or function signature mismatch" for both */
    case W2CL_TRAP_UNINITIALIZED_ELEMENT:
    case W2CL_TRAP_INDIRECT_TYPE: return "indirect";
    case W2CL_TRAP_NULL_REFERENCE: return "null";
    case W2CL_TRAP_EXHAUSTION: return "exhaustion";
    /* only log-v128 traps from the host: V8 throws a TypeError there */
    case W2CL_TRAP_HOST: return "jstype";
    default: return NULL;
    }
}

static void print_trap(const char *prefix, w2cl_status s) {
    const char *cls = trap_class(s);
    if (cls)
        printf("%s %s\n", prefix, cls);
    else
        printf("%s other:\"%s\"\n", prefix, w2cl_status_text(s));
}

/* ---- The fuzzing-support imports ---------------------------------------------- */

static void log_value(uint8_t type, w2cl_value v) {
    char text[64];
    format_value(text, sizeof text, type, &v);
    printf("log %s\n", text);
}

static void log_i32(void *ctx, uint32_t x) {
    w2cl_value v = {0};
    (void)ctx;
    v.i32 = x;
    log_value(W2CL_I32, v);
}

static void log_i64(void *ctx, uint64_t x) {
    w2cl_value v = {0};
    (void)ctx;
    v.i64 = x;
    log_value(W2CL_I64, v);
}

static void log_f32(void *ctx, float x) {
    w2cl_value v = {0};
    (void)ctx;
    v.f32 = x;
    log_value(W2CL_F32, v);
}

static void log_f64(void *ctx, double x) {
    w2cl_value v = {0};
    (void)ctx;
    v.f64 = x;
    log_value(W2CL_F64, v);
}

/* A v128 cannot cross into JS: V8 throws a TypeError before the import runs. */
static void log_v128(void *ctx, w2cl_v128 x) {
    (void)ctx;
    (void)x;
    w2cl_trap(W2CL_TRAP_HOST);
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
static void call_v128(w2cl_fnptr fn, void *ctx, const w2cl_value *args, w2cl_value *results) {
    (void)results;
    ((void (*)(void *, w2cl_v128))fn)(ctx, args[0].v128);
}

static const uint8_t t_i32[] = {W2CL_I32}, t_i64[] = {W2CL_I64}, t_f32[] = {W2CL_F32},
                     t_f64[] = {W2CL_F64}, t_v128[] = {W2CL_V128};
static const w2cl_functype ft_i32 = {1, 0, t_i32}, ft_i64 = {1, 0, t_i64},
                           ft_f32 = {1, 0, t_f32}, ft_f64 = {1, 0, t_f64},
                           ft_v128 = {1, 0, t_v128};

static w2cl_funcref ref_log_i32 = {&ft_i32, (w2cl_fnptr)log_i32, NULL, call_i32};
static w2cl_funcref ref_log_i64 = {&ft_i64, (w2cl_fnptr)log_i64, NULL, call_i64};
static w2cl_funcref ref_log_f32 = {&ft_f32, (w2cl_fnptr)log_f32, NULL, call_f32};
static w2cl_funcref ref_log_f64 = {&ft_f64, (w2cl_fnptr)log_f64, NULL, call_f64};
static w2cl_funcref ref_log_v128 = {&ft_v128, (w2cl_fnptr)log_v128, NULL, call_v128};

#define HOST_FUNC(name, ref) {"fuzzing-support", name, sizeof(name) - 1, W2CL_EXTERN_FUNC, &ref}

static const w2cl_extern host_externs[] = {
    HOST_FUNC("log-i32", ref_log_i32),   HOST_FUNC("log-i64", ref_log_i64),
    HOST_FUNC("log-f32", ref_log_f32),   HOST_FUNC("log-f64", ref_log_f64),
    HOST_FUNC("log-v128", ref_log_v128),
};

/* ---- Guarded entry into wasm -------------------------------------------------- */

static w2cl_status guarded_instantiate(void *instance, const void *imports) {
    w2cl_trap_frame frame;
    w2cl_status s;
    w2cl_push_frame(&frame);
    if (setjmp(frame.jmp) == 0) {
        s = diff_the_module.instantiate(instance, imports);
        w2cl_pop_frame(&frame);
        return s;
    }
    return frame.status;
}


/* ---- Run ------------------------------------------------------------------------ */

static void print_name(const char *name, uint32_t len) {
    for (uint32_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)name[i];
        if (ch >= 0x20 && ch < 0x7f && ch != '\\')
            putchar(ch);
        else
            printf("\\%02x", ch);
    }
}

static int has_v128(const w2cl_functype *t) {
    for (uint32_t i = 0; i < t->nparams + t->nresults; i++)
        if (t->types[i] == W2CL_V128)
            return 1;
    return 0;
}

static void *run(void *unused) {
    const diff_module *m = &diff_the_module;
    void *imports = xcalloc(1, m->imports_size);
    void *instance = xcalloc(1, m->instance_size);
    w2cl_extern none[1];
    w2cl_extern *exports;
    const w2cl_funcref *hang_init = NULL;
    size_t n;
    unsigned long call_index = 0;
    w2cl_status s;
    (void)unused;

    s = m->resolve_imports(imports, host_externs, sizeof host_externs / sizeof host_externs[0]);
    if (s != W2CL_OK) {
        printf("instantiate link-error\n");
        return NULL;
    }
    s = guarded_instantiate(instance, imports);
    if (s == W2CL_LINK_ERROR) {
        printf("instantiate link-error\n");
        return NULL;
    }
    if (s != W2CL_OK) {
        print_trap("instantiate trap", s);
        return NULL;
    }
    printf("instantiate ok\n");
    fflush(stdout);

    n = m->exports(instance, "", none, 0);
    exports = xcalloc(n, sizeof *exports);
    n = m->exports(instance, "", exports, n);
    for (size_t i = 0; i < n; i++)
        if (exports[i].kind == W2CL_EXTERN_FUNC && exports[i].name_len == 20 &&
            memcmp(exports[i].name, "hangLimitInitializer", 20) == 0)
            hang_init = exports[i].object;

    for (unsigned round = 0; round < rounds; round++) {
        for (size_t i = 0; i < n; i++) {
            const w2cl_funcref *f = exports[i].object;
            const w2cl_functype *t;
            unsigned long k;
            w2cl_value *args, *results;
            if (exports[i].kind != W2CL_EXTERN_FUNC)
                continue;
            k = call_index++;
            t = f->type;
            printf("call ");
            print_name(exports[i].name, exports[i].name_len);
            printf("\n");
            if (hang_init) {
                s = w2cl_invoke_checked(hang_init, NULL, NULL);
                if (s != W2CL_OK)
                    print_trap("hang-init trap", s);
            }
            if (has_v128(t)) { /* V8 refuses the call: v128 is not a JS value */
                printf("trap jstype\n");
                fflush(stdout);
                continue;
            }
            args = xcalloc(t->nparams, sizeof *args);
            results = xcalloc(t->nresults, sizeof *results);
            for (uint32_t j = 0; j < t->nparams; j++)
                args[j] = make_arg(t->types[j],
                                   round == 0 ? 0 : pool[(k * 3 + j) % pool_len]);
            s = w2cl_invoke_checked(f, args, results);
            if (s != W2CL_OK) {
                print_trap("trap", s);
            } else {
                printf("return");
                for (uint32_t j = 0; j < t->nresults; j++) {
                    char text[64];
                    format_value(text, sizeof text, t->types[t->nparams + j], &results[j]);
                    printf(" %s", text);
                }
                printf("\n");
            }
            fflush(stdout);
            free(args);
            free(results);
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    pthread_attr_t attr;
    pthread_t thread;
    const char *p = argc > 1 ? argv[1] : "0";
    while (*p && pool_len < MAX_POOL) {
        char *end;
        pool[pool_len++] = strtoull(p, &end, 16);
        p = *end == ',' ? end + 1 : end;
        if (end == p && *p)
            break;
    }
    if (pool_len == 0)
        pool[pool_len++] = 0;
    if (argc > 2)
        rounds = (unsigned)strtoul(argv[2], NULL, 10);
    if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, RUN_STACK_SIZE) != 0 ||
        pthread_create(&thread, &attr, run, NULL) != 0) {
        fprintf(stderr, "diff host: cannot start the run thread\n");
        return 3;
    }
    pthread_join(thread, NULL);
    fflush(stdout);
    return 0;
}
