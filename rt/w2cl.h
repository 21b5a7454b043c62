/*
 * wasm2c-lite runtime: the public API that generated code and embedders use.
 *
 * Portable C99. Depends on <stdint.h>, <stddef.h>, <string.h>, <setjmp.h>
 * and on w2cl_alloc.c (calloc, free and abort by default: link your own
 * definitions of w2cl_alloc_zeroed, w2cl_alloc_free and w2cl_unhandled_trap
 * instead to replace it, or build with W2CL_NO_HEAP for no allocator at
 * all: docs/firmware.md).
 *
 * Values: i32/i64 travel as uint32_t/uint64_t, f32/f64 as float/double,
 * funcref as `w2cl_funcref *`, externref as `void *` (NULL is ref.null).
 */
#ifndef W2CL_H
#define W2CL_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include "w2cl_v128.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define W2CL_NORETURN __attribute__((noreturn))
#define W2CL_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define W2CL_NORETURN
#define W2CL_UNLIKELY(x) (x)
#endif

/* Value type codes: the binary format's encodings. */
enum {
    W2CL_I32 = 0x7f,
    W2CL_I64 = 0x7e,
    W2CL_F32 = 0x7d,
    W2CL_F64 = 0x7c,
    W2CL_V128 = 0x7b,
    W2CL_FUNCREF = 0x70,
    W2CL_EXTERNREF = 0x6f
};

typedef union {
    uint32_t i32;
    uint64_t i64;
    float f32;
    double f64;
    void *ref; /* funcref (a w2cl_funcref *) or externref */
    w2cl_v128 v128;
} w2cl_value;

/* ---- Status and traps -------------------------------------------------- */

typedef enum {
    W2CL_OK = 0,
    W2CL_TRAP_UNREACHABLE,
    W2CL_TRAP_MEMORY_OOB,       /* out of bounds memory access */
    W2CL_TRAP_TABLE_OOB,        /* out of bounds table access */
    W2CL_TRAP_DIV_BY_ZERO,      /* integer divide by zero */
    W2CL_TRAP_INT_OVERFLOW,     /* integer overflow */
    W2CL_TRAP_INVALID_CONVERSION, /* invalid conversion to integer */
    W2CL_TRAP_INDIRECT_TYPE,    /* indirect call type mismatch */
    W2CL_TRAP_UNDEFINED_ELEMENT,/* undefined element (index past the table) */
    W2CL_TRAP_UNINITIALIZED_ELEMENT, /* null table element in call_indirect */
    W2CL_TRAP_NULL_REFERENCE,   /* other use of a null reference */
    W2CL_TRAP_EXHAUSTION,       /* call stack exhausted */
    W2CL_TRAP_UNALIGNED_ATOMIC, /* atomic access at an address not a multiple of its size */
    W2CL_TRAP_EXPECTED_SHARED,  /* memory.atomic.wait on a memory that is not shared */
    W2CL_TRAP_HOST,             /* raised by an import (w2cl_trap from host code) */
    W2CL_LINK_ERROR,            /* instantiate: an import is missing or has the wrong type */
    W2CL_ALLOC_ERROR,           /* instantiate: the allocator refused */
    W2CL_EXCEPTION              /* a wasm exception left the call (exception handling):
                                   w2cl_current_exception() has its tag and values */
} w2cl_status;

/* A short English description ("integer divide by zero", ...). */
const char *w2cl_status_text(w2cl_status s);

/*
 * Trap handling. A trap longjmps to the innermost armed frame, restoring the
 * call depth. Usage (setjmp must stand alone in the `if`):
 *
 *     w2cl_trap_frame f;
 *     w2cl_push_frame(&f);
 *     if (setjmp(f.jmp) == 0) {
 *         ... calls into wasm ...
 *         w2cl_pop_frame(&f);
 *     } else {
 *         ... f.status says why; the frame is already popped ...
 *     }
 *
 * With no frame armed, a trap calls w2cl_unhandled_trap(), which aborts.
 * The frame list, the depth counter, the trap handler below and the current
 * exception (w2cl_current_exception) are the runtime's only global state,
 * thread-local where the compiler supports it (plain globals with
 * W2CL_NO_THREAD_LOCAL or -ffreestanding).
 */
typedef struct w2cl_trap_frame {
    jmp_buf jmp;
    struct w2cl_trap_frame *prev;
    uint32_t saved_depth;
    w2cl_status status;
    int exceptions_only; /* a `try` of generated code: traps pass it by */
} w2cl_trap_frame;

void w2cl_push_frame(w2cl_trap_frame *f);
void w2cl_pop_frame(w2cl_trap_frame *f);
/* Generated code's `try`: a frame that only exceptions land in (traps are
   not catchable by wasm code, they go on to the next ordinary frame). */
void w2cl_push_try_frame(w2cl_trap_frame *f);
W2CL_NORETURN void w2cl_trap(w2cl_status why);

/*
 * The embedder's trap handler: every trap (from wasm code, the runtime or a
 * host's w2cl_trap()) first calls `fn(why, user)`, before anything unwinds,
 * with the trapping call chain still on the C stack. Then:
 *   - if fn returns, the default handling proceeds: longjmp to the innermost
 *     armed frame, or w2cl_unhandled_trap() when there is none;
 *   - fn may instead leave on its own (longjmp to the embedder's recovery
 *     point, reset the task, reboot). It must then call
 *     w2cl_reset_trap_state() on this thread before calling wasm again,
 *     since the frames and the call depth of the abandoned chain are stale.
 * fn must not call into wasm. NULL (the default) removes the handler. The
 * handler is per thread like the frame list. Returns the previous handler.
 */
typedef void (*w2cl_trap_handler)(w2cl_status why, void *user);
w2cl_trap_handler w2cl_set_trap_handler(w2cl_trap_handler fn, void *user);
/* Forget every armed frame and set the call depth to 0 (this thread). */
void w2cl_reset_trap_state(void);

#if defined(W2CL_NO_THREAD_LOCAL) || (defined(__STDC_HOSTED__) && __STDC_HOSTED__ == 0)
#define W2CL_THREAD_LOCAL
#elif defined(__GNUC__) || defined(__clang__)
#define W2CL_THREAD_LOCAL __thread
#else
#define W2CL_THREAD_LOCAL
#endif

/*
 * Call depth. Each generated function takes `depth`, how many wasm calls
 * may still nest from it (W2CL_MAX_CALL_DEPTH for the outermost one), and
 * passes depth - 1 to the functions it calls directly; a function that
 * calls anything traps on entry when its depth is 0 (w2cl_enter). Kept in
 * a parameter, the count costs no memory traffic and the C compiler still
 * sees through recursion, which it cannot turn into a loop that never
 * traps, since the count goes down on every round.
 *
 * Calls through a function pointer (imports, call_indirect, references
 * the embedder calls) reach a function's entry wrapper, which cannot take
 * the parameter: the caller stores its depth first (w2cl_call_out) as
 * w2cl_call_depth, the wasm frames active; the wrapper takes the depth
 * from it (w2cl_depth_from) and puts the value it found back on return,
 * so between calls from the embedder it is 0. Trap frames save and
 * restore it too.
 */
#ifndef W2CL_MAX_CALL_DEPTH
#define W2CL_MAX_CALL_DEPTH 20000
#endif
extern W2CL_THREAD_LOCAL uint32_t w2cl_call_depth;

static inline void w2cl_enter(uint32_t depth) {
    if (W2CL_UNLIKELY(depth == 0))
        w2cl_trap(W2CL_TRAP_EXHAUSTION);
}
/* The depth left to a function entered with `active` wasm frames around it. */
static inline uint32_t w2cl_depth_from(uint32_t active) {
    return active < W2CL_MAX_CALL_DEPTH ? W2CL_MAX_CALL_DEPTH - active : 0;
}
/* Before a call through a pointer from a function entered with `depth`
   (at least 1): the callee's wrapper then continues with depth - 1. */
static inline void w2cl_call_out(uint32_t depth) { w2cl_call_depth = W2CL_MAX_CALL_DEPTH + 1 - depth; }

/* ---- Allocation (w2cl_alloc.c; replace by linking your own) ------------ */

void *w2cl_alloc_zeroed(size_t size); /* NULL on failure */
void w2cl_alloc_free(void *p);
/* Called by w2cl_trap() when no frame is armed; must not return. */
W2CL_NORETURN void w2cl_unhandled_trap(w2cl_status why);

/* ---- Function types and references ------------------------------------- */

typedef struct {
    uint32_t nparams, nresults;
    const uint8_t *types; /* nparams parameter codes, then nresults result codes */
} w2cl_functype;

/* Structural equality, as call_indirect and linking need. */
int w2cl_functype_equal(const w2cl_functype *a, const w2cl_functype *b);

/* ---- Exceptions (the exception-handling proposal) ---------------------- */

/*
 * A tag: exceptions are thrown with one and caught by its identity (the
 * object's address), so every instance has its own object for each tag it
 * defines, and an imported tag is the exporter's object. `type` gives the
 * values an exception of the tag carries (its parameters; no results).
 * A host can make one: static w2cl_tag t = {&its_type};
 */
typedef struct w2cl_tag {
    const w2cl_functype *type;
} w2cl_tag;

/* The most values one exception carries; the translator rejects a tag with
   more parameters. */
#define W2CL_MAX_EXCEPTION_VALUES 32

/* An exception: its tag and the tag's parameter values, in order. */
typedef struct {
    const w2cl_tag *tag;
    uint32_t n;
    w2cl_value values[W2CL_MAX_EXCEPTION_VALUES];
} w2cl_exception;

/*
 * Throws: records the exception as this thread's current one and unwinds
 * like a trap to the innermost armed frame, `try` frames included, with
 * status W2CL_EXCEPTION. An embedder's frame that receives that status
 * reads the exception with w2cl_current_exception(). With no frame armed
 * the trap handler (if any) and then w2cl_unhandled_trap() get
 * W2CL_EXCEPTION. Hosts may throw from imports, with any tag.
 */
W2CL_NORETURN void w2cl_throw(const w2cl_tag *tag, const w2cl_value *values, uint32_t n);
/* Throws a copy of `e` (which may be the current exception itself). */
W2CL_NORETURN void w2cl_rethrow(const w2cl_exception *e);
/* This thread's last thrown exception: valid after a frame got W2CL_EXCEPTION,
   until the next throw on this thread. */
const w2cl_exception *w2cl_current_exception(void);

typedef void (*w2cl_fnptr)(void);

/*
 * Calls `fn` (cast to its real type) with ctx and the arguments in `args`,
 * storing the results in `results`. Generated once per function type, so a
 * caller that knows only the w2cl_functype can still call any function.
 */
typedef void (*w2cl_dyncall)(w2cl_fnptr fn, void *ctx, const w2cl_value *args,
                             w2cl_value *results);

/*
 * A function reference. `fn` has the C type
 *     R fn(void *ctx, P1, ..., Pn)            for 0 or 1 results (R = void or the result)
 *     void fn(void *ctx, P1, ..., Pn, R1 *, ..., Rm *)   for m > 1 results
 * with the value types above. Every wasm function, defined or imported, has
 * one such object in its instance for its whole life.
 */
typedef struct w2cl_funcref {
    const w2cl_functype *type;
    w2cl_fnptr fn;
    void *ctx;
    w2cl_dyncall dyncall;
} w2cl_funcref;

/* Call any function reference; traps propagate as usual. */
void w2cl_invoke(const w2cl_funcref *f, const w2cl_value *args, w2cl_value *results);
/* The same under a trap frame of its own: W2CL_OK, or the status of the trap
   (or W2CL_EXCEPTION) that ended the call. */
w2cl_status w2cl_invoke_checked(const w2cl_funcref *f, const w2cl_value *args, w2cl_value *results);

/* ---- Linear memory ----------------------------------------------------- */

#define W2CL_PAGE_SIZE 65536u

typedef struct {
    uint8_t *data;
    uint64_t size;      /* bytes: pages * W2CL_PAGE_SIZE */
    uint64_t pages;
    uint64_t max_pages; /* 65536 (2^48 for is64) when the module gives no maximum */
    int has_max;        /* the declared maximum, as import matching needs it */
    int is64;           /* a 64-bit memory (memory64): i64 addresses and sizes */
    int is_static;      /* data is caller storage (init_static): never reallocated or freed */
    uint64_t capacity;  /* is_static or shared: pages the storage holds; grow fails beyond them */
    int shared;         /* a shared memory (threads): never moves, see w2cl_memory_init_shared */
} w2cl_memory;

/* 0 on success, W2CL_ALLOC_ERROR when the allocator refuses. */
w2cl_status w2cl_memory_init(w2cl_memory *m, uint64_t pages, uint64_t max_pages, int has_max);
/* memory.grow: the old size in pages, or -1 (as uint32_t) on failure. */
uint32_t w2cl_memory_grow(w2cl_memory *m, uint64_t delta);
void w2cl_memory_free(w2cl_memory *m);

/*
 * Heap-free memories: the pages live in `storage`, caller-owned room for
 * `capacity_pages` pages (capacity_pages * W2CL_PAGE_SIZE bytes, any
 * alignment; NULL when 0). Init zeroes the first `pages` pages and fails
 * (W2CL_ALLOC_ERROR) when they exceed the capacity; grow works in place and
 * fails (-1) past the capacity as past the maximum; free only resets the
 * size. None of them calls the allocator. (The 64-bit variant below.)
 */
w2cl_status w2cl_memory_init_static(w2cl_memory *m, void *storage, uint64_t capacity_pages,
                                    uint64_t pages, uint64_t max_pages, int has_max);

/* Bulk memory operations; they trap on out-of-bounds ranges. */
void w2cl_memory_fill(w2cl_memory *m, uint32_t dst, uint32_t value, uint32_t n);
void w2cl_memory_copy(w2cl_memory *dst_mem, w2cl_memory *src_mem, uint32_t dst, uint32_t src, uint32_t n);
/* memory.init from a data segment of `seg_len` bytes (0 once dropped). */
void w2cl_memory_init_segment(w2cl_memory *m, const uint8_t *seg, uint32_t seg_len,
                              uint32_t dst, uint32_t src, uint32_t n);

/* The same for 64-bit memories (memory64): at most 2^48 pages, i64
   addresses, sizes and lengths. memory64_copy also serves a copy between a
   32-bit and a 64-bit memory. */
w2cl_status w2cl_memory64_init(w2cl_memory *m, uint64_t pages, uint64_t max_pages, int has_max);
w2cl_status w2cl_memory64_init_static(w2cl_memory *m, void *storage, uint64_t capacity_pages,
                                      uint64_t pages, uint64_t max_pages, int has_max);
uint64_t w2cl_memory64_grow(w2cl_memory *m, uint64_t delta); /* old size, or -1 */
void w2cl_memory64_fill(w2cl_memory *m, uint64_t dst, uint32_t value, uint64_t n);
void w2cl_memory64_copy(w2cl_memory *dst_mem, w2cl_memory *src_mem, uint64_t dst, uint64_t src, uint64_t n);
void w2cl_memory64_init_segment(w2cl_memory *m, const uint8_t *seg, uint32_t seg_len,
                                uint64_t dst, uint32_t src, uint32_t n);

/*
 * Shared memories (the threads proposal, --enable-threads). Several threads
 * may run wasm code on one shared memory at once, so its pages never move:
 * init_shared reserves all `max_pages` up front (zeroed; on hosts with lazy
 * zero pages, as Linux calloc of large blocks, untouched pages cost no RAM)
 * and grow only raises the size. `is64` makes it a 64-bit memory. Growing a
 * shared memory while another thread accesses it is serialised among
 * growers, but a concurrent access may still see the old size.
 * A heap-free shared memory is a w2cl_memory_init_static one with `shared`
 * set to 1 afterwards (its storage must be 8-byte aligned, as
 * init_shared's is).
 */
w2cl_status w2cl_memory_init_shared(w2cl_memory *m, uint64_t pages, uint64_t max_pages, int is64);
/* Import matching for a shared memory (w2cl_memory_matches and
   memory64_matches only accept unshared ones). */
int w2cl_memory_shared_matches(const w2cl_memory *m, int is64, uint64_t min, uint64_t max);

/*
 * memory.atomic.wait32/wait64 and memory.atomic.notify at effective address
 * `ea` of `m` (rt/w2cl_threads.c). They trap on an out-of-bounds or
 * unaligned address, and wait traps on a memory that is not shared. wait
 * returns 0 when woken by a notify, 1 when the value at `ea` is not
 * `expected`, 2 when `timeout_ns` nanoseconds passed (negative: no limit);
 * notify wakes at most `count` waiters of that address, oldest first, and
 * returns how many it woke (0 on an unshared memory). Host threads may call
 * them too. Built on POSIX threads (link with -pthread); with
 * W2CL_NO_THREADS, or on a freestanding or non-POSIX host, there is only
 * one thread: a wait whose value matches times out at once (returns 2).
 */
uint32_t w2cl_memory_wait32(w2cl_memory *m, uint64_t ea, uint32_t expected, int64_t timeout_ns);
uint32_t w2cl_memory_wait64(w2cl_memory *m, uint64_t ea, uint64_t expected, int64_t timeout_ns);
uint32_t w2cl_memory_notify(w2cl_memory *m, uint64_t ea, uint32_t count);

/*
 * Guard-page memories (rt/w2cl_guard.c): define W2CL_GUARD_PAGES for the
 * generated C and the runtime alike, on a 64-bit POSIX host with GCC or
 * Clang. Each 32-bit memory that is neither shared nor caller storage is
 * then an mmap reservation of all an access can reach (8 GiB + 64 KiB; not
 * through w2cl_alloc_zeroed), of which only the memory's size is
 * accessible, and its loads and stores are not checked: a SIGSEGV/SIGBUS
 * handler turns a fault inside a reservation into the out-of-bounds trap.
 * 64-bit and shared memories, bulk operations and atomics stay checked.
 * w2cl_memory_init_static refuses 32-bit memories (no guard region).
 */
#ifdef W2CL_GUARD_PAGES
#ifdef W2CL_NO_HEAP
#error "W2CL_GUARD_PAGES needs mmap: it does not combine with W2CL_NO_HEAP"
#endif
/* Installs the fault handler (first call in the process; faults outside the
   reservations go to the handler it replaces) and an alternate signal stack
   for this thread (unless it has one), so a fault near the end of the stack
   still traps. Creating a memory and w2cl_push_frame call it; W2CL_OK, or
   W2CL_ALLOC_ERROR when the handler or stack cannot be set up. */
w2cl_status w2cl_guard_init(void);
/* For rt/w2cl_memory.c: a reservation whose first `bytes` are accessible
   (NULL on failure), making it accessible up to `bytes` (0, or -1 on
   failure), and its release. */
uint8_t *w2cl_guard_reserve(uint64_t bytes);
int w2cl_guard_commit(uint8_t *base, uint64_t old_bytes, uint64_t bytes);
void w2cl_guard_release(uint8_t *base);
#endif

/* ---- Tables ------------------------------------------------------------ */

typedef struct {
    uint8_t elem_type; /* W2CL_FUNCREF or W2CL_EXTERNREF */
    void **elems;      /* w2cl_funcref * or externref values; NULL is null */
    uint32_t size;
    uint32_t max;      /* 0xffffffff when the module gives no maximum */
    int has_max;
    int is_static;     /* elems is caller storage (init_static): never reallocated or freed */
    uint32_t capacity; /* is_static: elements the storage holds; grow fails beyond them */
} w2cl_table;

w2cl_status w2cl_table_init(w2cl_table *t, uint8_t elem_type, uint32_t size, uint32_t max, int has_max);
/* Heap-free tables: the elements live in `storage`, caller-owned room for
   `capacity` entries (NULL when 0); as w2cl_memory_init_static, no call
   of these on such a table allocates or frees. */
w2cl_status w2cl_table_init_static(w2cl_table *t, void **storage, uint32_t capacity,
                                   uint8_t elem_type, uint32_t size, uint32_t max, int has_max);
void w2cl_table_free(w2cl_table *t);
void *w2cl_table_get(const w2cl_table *t, uint32_t i);          /* traps: table OOB */
void w2cl_table_set(w2cl_table *t, uint32_t i, void *v);        /* traps: table OOB */
uint32_t w2cl_table_grow(w2cl_table *t, void *init, uint32_t delta); /* old size or -1 */
void w2cl_table_fill(w2cl_table *t, uint32_t dst, void *v, uint32_t n);
void w2cl_table_copy(w2cl_table *dst_t, w2cl_table *src_t, uint32_t dst, uint32_t src, uint32_t n);
/* table.init from an element segment of `seg_len` evaluated references. */
void w2cl_table_init_segment(w2cl_table *t, void *const *seg, uint32_t seg_len,
                             uint32_t dst, uint32_t src, uint32_t n);

/* call_indirect: the function at t[i], checked against `type`. Traps on an
   index past the table, a null element and a type mismatch. */
const w2cl_funcref *w2cl_table_lookup(const w2cl_table *t, uint32_t i, const w2cl_functype *type);

/* ---- Globals ----------------------------------------------------------- */

typedef struct {
    uint8_t type;
    uint8_t mut;
    w2cl_value value;
} w2cl_global;

/* ---- Linking by name --------------------------------------------------- */

typedef enum {
    W2CL_EXTERN_FUNC = 0,
    W2CL_EXTERN_TABLE,
    W2CL_EXTERN_MEMORY,
    W2CL_EXTERN_GLOBAL,
    W2CL_EXTERN_TAG /* exception handling */
} w2cl_extern_kind;

/* One importable object: an instance's export, or a host object. */
typedef struct {
    const char *module; /* name it is registered under */
    const char *name;
    uint32_t name_len;  /* names may contain NUL bytes */
    w2cl_extern_kind kind;
    void *object; /* w2cl_funcref *, w2cl_table *, w2cl_memory *, w2cl_global *, w2cl_tag * */
} w2cl_extern;

/* The entry named (module, name) of the given kind, or NULL. */
const w2cl_extern *w2cl_find_extern(const w2cl_extern *list, size_t n, const char *module,
                                    const char *name, uint32_t name_len, w2cl_extern_kind kind);

/* Import matching as the spec defines it (external types and subtyping);
   memory_matches wants a 32-bit memory, memory64_matches a 64-bit one. */
int w2cl_memory_matches(const w2cl_memory *m, uint64_t min, uint64_t max, int has_max);
int w2cl_memory64_matches(const w2cl_memory *m, uint64_t min, uint64_t max, int has_max);
int w2cl_table_matches(const w2cl_table *t, uint8_t elem_type, uint32_t min, uint32_t max, int has_max);
int w2cl_global_matches(const w2cl_global *g, uint8_t type, int mut);
/* A tag matches when its type is structurally equal (exception handling). */
int w2cl_tag_matches(const w2cl_tag *t, const w2cl_functype *type);

#ifdef __cplusplus
}
#endif
#endif
