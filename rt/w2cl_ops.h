/*
 * wasm2c-lite runtime: the helpers generated code calls for the opcodes that
 * are not a plain C operator (translator/opcodes.def, `c` == NULL), and for
 * every memory load and store. All are static inline so the C compiler sees
 * through them.
 *
 * Each helper implements the exact wasm semantics without undefined
 * behaviour: integers are unsigned (wrapping), signed views go through
 * w2cl_s32/w2cl_s64, shift counts are masked, and every trap goes through
 * w2cl_trap().
 */
#ifndef W2CL_OPS_H
#define W2CL_OPS_H

#include <math.h>
#include <string.h>

#include "w2cl.h"

/* Wasm never fuses x*y+z into an fma. Generated code computes each operator
   in its own statement, which ISO C never contracts, but GCC in its default
   GNU modes contracts across statements (-ffp-contract=fast) and ignores
   #pragma STDC FP_CONTRACT: on FMA hosts (s390x, aarch64, x86-64 with
   -march=haswell) f32/f64 results changed. This header is included by
   generated code only, so the setting covers exactly that code.
   The same pragma turns off GCC's straight-line (SLP) vectorizer for that
   code: about 3% of gcc -O2's time on translated modules (more than on the
   same program's native C: every wasm value goes through a local), and no
   measurable speed-up of the bench/ programs (issue #8). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off", "no-tree-slp-vectorize")
#endif

/* Bit-count builtins; define W2CL_HAVE_BUILTINS to 0 to use the portable code. */
#ifndef W2CL_HAVE_BUILTINS
#if defined(__GNUC__) || defined(__clang__)
#define W2CL_HAVE_BUILTINS 1
#else
#define W2CL_HAVE_BUILTINS 0
#endif
#endif

/* ---- Signed views ------------------------------------------------------ */

/* Two's complement value of x, without the implementation-defined
   out-of-range conversion (compilers fold this to nothing). */
static inline int32_t w2cl_s32(uint32_t x) {
    return x < 0x80000000u ? (int32_t)x : (int32_t)(x - 0x80000000u) - INT32_MAX - 1;
}
static inline int64_t w2cl_s64(uint64_t x) {
    return x < UINT64_C(0x8000000000000000) ? (int64_t)x
                                             : (int64_t)(x - UINT64_C(0x8000000000000000)) - INT64_MAX - 1;
}

/* ---- Reinterpretation -------------------------------------------------- */

static inline uint32_t w2cl_i32_reinterpret_f32(float f) {
    uint32_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}
static inline uint64_t w2cl_i64_reinterpret_f64(double f) {
    uint64_t b;
    memcpy(&b, &f, sizeof b);
    return b;
}
static inline float w2cl_f32_reinterpret_i32(uint32_t b) {
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}
static inline double w2cl_f64_reinterpret_i64(uint64_t b) {
    double f;
    memcpy(&f, &b, sizeof f);
    return f;
}

/* ---- Linear memory access ---------------------------------------------- */

/* Wasm memory is little-endian. This is the one place that knows the host's
   byte order: define W2CL_BIG_ENDIAN to 1 on a big-endian host. */
#ifndef W2CL_BIG_ENDIAN
#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define W2CL_BIG_ENDIAN 1
#else
#define W2CL_BIG_ENDIAN 0
#endif
#endif

static inline uint16_t w2cl_le16(uint16_t v) {
    return W2CL_BIG_ENDIAN ? (uint16_t)((v >> 8) | (v << 8)) : v;
}
static inline uint32_t w2cl_le32(uint32_t v) {
    return W2CL_BIG_ENDIAN ? (uint32_t)w2cl_le16((uint16_t)v) << 16 | w2cl_le16((uint16_t)(v >> 16)) : v;
}
static inline uint64_t w2cl_le64(uint64_t v) {
    return W2CL_BIG_ENDIAN ? (uint64_t)w2cl_le32((uint32_t)v) << 32 | w2cl_le32((uint32_t)(v >> 32)) : v;
}

/*
 * The host address of the n bytes at `ea` (address + offset, computed in 64
 * bits so it cannot wrap), trapping when they are not all inside memory.
 */
static inline uint8_t *w2cl_mem_ptr_checked(const w2cl_memory *m, uint64_t ea, uint64_t n) {
    if (W2CL_UNLIKELY(ea + n > m->size))
        w2cl_trap(W2CL_TRAP_MEMORY_OOB);
    return m->data + (size_t)ea;
}

/*
 * Every plain load and store goes through here. With W2CL_GUARD_PAGES
 * (rt/w2cl_guard.c) a 32-bit memory is a reservation of everything an
 * access can reach, so the MMU does the check; accesses to the memories
 * without one (64-bit, shared) are checked by w2cl_ea_checked instead.
 */
static inline uint8_t *w2cl_mem_ptr(const w2cl_memory *m, uint64_t ea, uint64_t n) {
#ifdef W2CL_GUARD_PAGES
    (void)n;
    return m->data + (size_t)ea;
#else
    return w2cl_mem_ptr_checked(m, ea, n);
#endif
}

/*
 * The generated code wraps the effective address of an n-byte access to a
 * 64-bit or shared memory in this: such memories have no guard region, so
 * a guard-page build checks here; otherwise w2cl_mem_ptr already does.
 */
static inline uint64_t w2cl_ea_checked(const w2cl_memory *m, uint64_t ea, uint64_t n) {
#ifdef W2CL_GUARD_PAGES
    if (W2CL_UNLIKELY(ea + n > m->size))
        w2cl_trap(W2CL_TRAP_MEMORY_OOB);
#else
    (void)m;
    (void)n;
#endif
    return ea;
}

/*
 * Copies between memory at p and v, a host value of type uT (memory byte
 * order). In a guard-page build an access's fault is its bounds check, so
 * the compiler must keep every access as the program has it: not drop an
 * unused load, not merge stores into one that faults as a whole, not move
 * a store past a later access that faults. Volatile accesses keep all of
 * that (w2cl_guT: any alignment, aliases anything). A store of several
 * bytes first reads its last one (W2CL_GUARD_PROBE), except on x86, which
 * writes nothing when a store faults: other hosts may write the part
 * before the guard page, which wasm forbids.
 */
#ifdef W2CL_GUARD_PAGES
typedef uint8_t w2cl_gu8;
typedef uint16_t w2cl_gu16 __attribute__((aligned(1), may_alias));
typedef uint32_t w2cl_gu32 __attribute__((aligned(1), may_alias));
typedef uint64_t w2cl_gu64 __attribute__((aligned(1), may_alias));
#if defined(__x86_64__)
#define W2CL_GUARD_PROBE(p, n) ((void)0)
#else
#define W2CL_GUARD_PROBE(p, n) ((void)((n) > 1 && *(const volatile uint8_t *)((p) + (n)-1)))
#endif
#define W2CL_READ(v, T, p) ((v) = *(const volatile w2cl_g##T *)(const void *)(p))
#define W2CL_WRITE(p, T, v)                            \
    do {                                               \
        uint8_t *p_ = (p);                             \
        W2CL_GUARD_PROBE(p_, sizeof(v));               \
        *(volatile w2cl_g##T *)(void *)p_ = (v);       \
    } while (0)
#else
#define W2CL_READ(v, T, p) memcpy(&(v), (p), sizeof(v))
#define W2CL_WRITE(p, T, v) memcpy((p), &(v), sizeof(v))
#endif

/*
 * The effective address of an access to a 64-bit memory: addr + offset can
 * wrap there, so both are checked against the size first (which leaves
 * w2cl_mem_ptr's `ea + n` far from wrapping). Always checked: guard pages
 * cannot cover a 64-bit address space (w2cl_ea_checked adds the size).
 */
static inline uint64_t w2cl_ea64(const w2cl_memory *m, uint64_t addr, uint64_t offset) {
    if (W2CL_UNLIKELY(offset > m->size || addr > m->size - offset))
        w2cl_trap(W2CL_TRAP_MEMORY_OOB);
    return addr + offset;
}

static inline uint8_t w2cl_load8(const w2cl_memory *m, uint64_t ea) {
    uint8_t v;
    W2CL_READ(v, u8, w2cl_mem_ptr(m, ea, 1));
    return v;
}
static inline uint16_t w2cl_load16(const w2cl_memory *m, uint64_t ea) {
    uint16_t v;
    W2CL_READ(v, u16, w2cl_mem_ptr(m, ea, 2));
    return w2cl_le16(v);
}
static inline uint32_t w2cl_load32(const w2cl_memory *m, uint64_t ea) {
    uint32_t v;
    W2CL_READ(v, u32, w2cl_mem_ptr(m, ea, 4));
    return w2cl_le32(v);
}
static inline uint64_t w2cl_load64(const w2cl_memory *m, uint64_t ea) {
    uint64_t v;
    W2CL_READ(v, u64, w2cl_mem_ptr(m, ea, 8));
    return w2cl_le64(v);
}
static inline void w2cl_store8(w2cl_memory *m, uint64_t ea, uint8_t v) { W2CL_WRITE(w2cl_mem_ptr(m, ea, 1), u8, v); }
static inline void w2cl_store16(w2cl_memory *m, uint64_t ea, uint16_t v) {
    v = w2cl_le16(v);
    W2CL_WRITE(w2cl_mem_ptr(m, ea, 2), u16, v);
}
static inline void w2cl_store32(w2cl_memory *m, uint64_t ea, uint32_t v) {
    v = w2cl_le32(v);
    W2CL_WRITE(w2cl_mem_ptr(m, ea, 4), u32, v);
}
static inline void w2cl_store64(w2cl_memory *m, uint64_t ea, uint64_t v) {
    v = w2cl_le64(v);
    W2CL_WRITE(w2cl_mem_ptr(m, ea, 8), u64, v);
}

/* Sign extension by bias: (x ^ sign) - sign, all unsigned. */
#define W2CL_SEXT32(x, bits) ((uint32_t)((((uint32_t)(x)) ^ (1u << ((bits)-1))) - (1u << ((bits)-1))))
#define W2CL_SEXT64(x, bits) \
    ((uint64_t)((((uint64_t)(x)) ^ (UINT64_C(1) << ((bits)-1))) - (UINT64_C(1) << ((bits)-1))))

/*
 * Accesses in a loop checked up front (see "Loops checked up front" below):
 * _unchecked for those whose bounds were checked before the loop, _checked
 * for the others there, checked here even in a guard-page build. Neither is
 * volatile: in that copy of the loop nothing faults.
 */
static inline uint8_t w2cl_get8(const uint8_t *p) { return *p; }
static inline uint16_t w2cl_get16(const uint8_t *p) {
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return w2cl_le16(v);
}
static inline uint32_t w2cl_get32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return w2cl_le32(v);
}
static inline uint64_t w2cl_get64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return w2cl_le64(v);
}
static inline void w2cl_put8(uint8_t *p, uint8_t v) { *p = v; }
static inline void w2cl_put16(uint8_t *p, uint16_t v) {
    v = w2cl_le16(v);
    memcpy(p, &v, sizeof v);
}
static inline void w2cl_put32(uint8_t *p, uint32_t v) {
    v = w2cl_le32(v);
    memcpy(p, &v, sizeof v);
}
static inline void w2cl_put64(uint8_t *p, uint64_t v) {
    v = w2cl_le64(v);
    memcpy(p, &v, sizeof v);
}
#define W2CL_LOOP_ACCESSES(N)                                                                       \
    static inline uint##N##_t w2cl_load##N##_unchecked(const w2cl_memory *m, uint64_t ea) {         \
        return w2cl_get##N(m->data + (size_t)ea);                                                   \
    }                                                                                               \
    static inline uint##N##_t w2cl_load##N##_checked(const w2cl_memory *m, uint64_t ea) {           \
        return w2cl_get##N(w2cl_mem_ptr_checked(m, ea, N / 8));                                     \
    }                                                                                               \
    static inline void w2cl_store##N##_unchecked(w2cl_memory *m, uint64_t ea, uint##N##_t v) {      \
        w2cl_put##N(m->data + (size_t)ea, v);                                                       \
    }                                                                                               \
    static inline void w2cl_store##N##_checked(w2cl_memory *m, uint64_t ea, uint##N##_t v) {        \
        w2cl_put##N(w2cl_mem_ptr_checked(m, ea, N / 8), v);                                         \
    }
W2CL_LOOP_ACCESSES(8)
W2CL_LOOP_ACCESSES(16)
W2CL_LOOP_ACCESSES(32)
W2CL_LOOP_ACCESSES(64)

/* The typed loads and stores of wasm, once for each kind of access above:
   w2cl_i32_load8_s, w2cl_i32_load8_s_unchecked, w2cl_i32_load8_s_checked, ... */
#define W2CL_TYPED_ACCESSES(SFX)                                                                        \
    static inline uint32_t w2cl_i32_load##SFX(const w2cl_memory *m, uint64_t ea) {                     \
        return w2cl_load32##SFX(m, ea);                                                                 \
    }                                                                                                   \
    static inline uint64_t w2cl_i64_load##SFX(const w2cl_memory *m, uint64_t ea) {                     \
        return w2cl_load64##SFX(m, ea);                                                                 \
    }                                                                                                   \
    static inline float w2cl_f32_load##SFX(const w2cl_memory *m, uint64_t ea) {                        \
        return w2cl_f32_reinterpret_i32(w2cl_load32##SFX(m, ea));                                       \
    }                                                                                                   \
    static inline double w2cl_f64_load##SFX(const w2cl_memory *m, uint64_t ea) {                       \
        return w2cl_f64_reinterpret_i64(w2cl_load64##SFX(m, ea));                                       \
    }                                                                                                   \
    static inline uint32_t w2cl_i32_load8_s##SFX(const w2cl_memory *m, uint64_t ea) {                  \
        return W2CL_SEXT32(w2cl_load8##SFX(m, ea), 8);                                                  \
    }                                                                                                   \
    static inline uint32_t w2cl_i32_load8_u##SFX(const w2cl_memory *m, uint64_t ea) {                  \
        return w2cl_load8##SFX(m, ea);                                                                  \
    }                                                                                                   \
    static inline uint32_t w2cl_i32_load16_s##SFX(const w2cl_memory *m, uint64_t ea) {                 \
        return W2CL_SEXT32(w2cl_load16##SFX(m, ea), 16);                                                \
    }                                                                                                   \
    static inline uint32_t w2cl_i32_load16_u##SFX(const w2cl_memory *m, uint64_t ea) {                 \
        return w2cl_load16##SFX(m, ea);                                                                 \
    }                                                                                                   \
    static inline uint64_t w2cl_i64_load8_s##SFX(const w2cl_memory *m, uint64_t ea) {                  \
        return W2CL_SEXT64(w2cl_load8##SFX(m, ea), 8);                                                  \
    }                                                                                                   \
    static inline uint64_t w2cl_i64_load8_u##SFX(const w2cl_memory *m, uint64_t ea) {                  \
        return w2cl_load8##SFX(m, ea);                                                                  \
    }                                                                                                   \
    static inline uint64_t w2cl_i64_load16_s##SFX(const w2cl_memory *m, uint64_t ea) {                 \
        return W2CL_SEXT64(w2cl_load16##SFX(m, ea), 16);                                                \
    }                                                                                                   \
    static inline uint64_t w2cl_i64_load16_u##SFX(const w2cl_memory *m, uint64_t ea) {                 \
        return w2cl_load16##SFX(m, ea);                                                                 \
    }                                                                                                   \
    static inline uint64_t w2cl_i64_load32_s##SFX(const w2cl_memory *m, uint64_t ea) {                 \
        return W2CL_SEXT64(w2cl_load32##SFX(m, ea), 32);                                                \
    }                                                                                                   \
    static inline uint64_t w2cl_i64_load32_u##SFX(const w2cl_memory *m, uint64_t ea) {                 \
        return w2cl_load32##SFX(m, ea);                                                                 \
    }                                                                                                   \
    static inline void w2cl_i32_store##SFX(w2cl_memory *m, uint64_t ea, uint32_t v) {                  \
        w2cl_store32##SFX(m, ea, v);                                                                    \
    }                                                                                                   \
    static inline void w2cl_i64_store##SFX(w2cl_memory *m, uint64_t ea, uint64_t v) {                  \
        w2cl_store64##SFX(m, ea, v);                                                                    \
    }                                                                                                   \
    static inline void w2cl_f32_store##SFX(w2cl_memory *m, uint64_t ea, float v) {                     \
        w2cl_store32##SFX(m, ea, w2cl_i32_reinterpret_f32(v));                                          \
    }                                                                                                   \
    static inline void w2cl_f64_store##SFX(w2cl_memory *m, uint64_t ea, double v) {                    \
        w2cl_store64##SFX(m, ea, w2cl_i64_reinterpret_f64(v));                                          \
    }                                                                                                   \
    static inline void w2cl_i32_store8##SFX(w2cl_memory *m, uint64_t ea, uint32_t v) {                 \
        w2cl_store8##SFX(m, ea, (uint8_t)v);                                                            \
    }                                                                                                   \
    static inline void w2cl_i32_store16##SFX(w2cl_memory *m, uint64_t ea, uint32_t v) {                \
        w2cl_store16##SFX(m, ea, (uint16_t)v);                                                          \
    }                                                                                                   \
    static inline void w2cl_i64_store8##SFX(w2cl_memory *m, uint64_t ea, uint64_t v) {                 \
        w2cl_store8##SFX(m, ea, (uint8_t)v);                                                            \
    }                                                                                                   \
    static inline void w2cl_i64_store16##SFX(w2cl_memory *m, uint64_t ea, uint64_t v) {                \
        w2cl_store16##SFX(m, ea, (uint16_t)v);                                                          \
    }                                                                                                   \
    static inline void w2cl_i64_store32##SFX(w2cl_memory *m, uint64_t ea, uint64_t v) {                \
        w2cl_store32##SFX(m, ea, (uint32_t)v);                                                          \
    }

W2CL_TYPED_ACCESSES()
W2CL_TYPED_ACCESSES(_unchecked)
W2CL_TYPED_ACCESSES(_checked)

/*
 * Loops checked up front. The translator gives an innermost loop whose
 * accesses all move by a fixed step per trip a second copy without checks,
 * run when these say that every access of every trip is in bounds.
 *
 * Trips of a loop that continues while v != end, v < end (unsigned) or
 * v > end (signed 64-bit, so that end - 1 of 0 is below every v), where v
 * starts at v0 and moves by step per trip: at least 1 (the first trip runs
 * before the test). 0 when the loop would wrap around instead of reaching
 * end: no bound is known then.
 */
static inline uint64_t w2cl_trips_ne(uint32_t v0, int32_t step, uint32_t end) {
    uint32_t distance = step > 0 ? end - v0 : v0 - end;
    uint32_t stride = step > 0 ? (uint32_t)step : 0u - (uint32_t)step;
    if (stride == 0 || distance % stride != 0)
        return 0;
    return (uint64_t)(distance / stride) + 1;
}
static inline uint64_t w2cl_trips_below(uint32_t v0, int32_t step, uint64_t end) {
    if (v0 >= end)
        return 1;
    if (step <= 0)
        return 0;
    uint64_t n = (end - v0 + (uint64_t)step - 1) / (uint64_t)step; /* trips until v >= end */
    if (v0 + n * (uint64_t)step > UINT32_MAX)
        return 0; /* v wraps around first */
    return n + 1;
}
static inline uint64_t w2cl_trips_above(uint32_t v0, int32_t step, int64_t end) {
    if ((int64_t)v0 <= end)
        return 1;
    if (step >= 0)
        return 0;
    uint64_t stride = 0u - (uint64_t)(int64_t)step;
    uint64_t n = ((uint64_t)((int64_t)v0 - end) + stride - 1) / stride;
    if (n * stride > v0)
        return 0; /* v wraps around below 0 first */
    return n + 1;
}

/*
 * Are the accesses base + r + i * step, for r + bytes <= span and i below
 * trips, all in memory m? base is the group's lowest address in the first
 * trip; trips is at most 2^32 and |step| at most 2^31, so nothing wraps.
 */
static inline int w2cl_span_fits(const w2cl_memory *m, uint32_t base, int32_t step, uint64_t trips,
                                 uint64_t span) {
    if (trips == 0)
        return 0;
    uint64_t moved = (trips - 1) * (uint64_t)(step < 0 ? 0 - (int64_t)step : step);
    if (step < 0)
        return moved <= base && base + span <= m->size;
    return base + span + moved <= m->size;
}

static inline uint32_t w2cl_memory_size(const w2cl_memory *m) { return (uint32_t)m->pages; }
static inline uint32_t w2cl_table_size(const w2cl_table *t) { return t->size; }

/* call_indirect: the common case (in range, the very same type object) inline;
   everything else, including structural type checks and traps, out of line.
   W2CL_OUTLINE_CALL_TARGET makes it all one call: ~9% less gcc -O2 time on
   call_indirect-dense code (bench/gen_module.py), ~2% slower calls. */
static inline const w2cl_funcref *w2cl_call_target(const w2cl_table *t, uint32_t i,
                                                   const w2cl_functype *type) {
#ifndef W2CL_OUTLINE_CALL_TARGET
    if (i < t->size) {
        const w2cl_funcref *f = (const w2cl_funcref *)t->elems[i];
        if (f && f->type == type)
            return f;
    }
#endif
    return w2cl_table_lookup(t, i, type);
}

/* ---- Integer comparisons ----------------------------------------------- */

/* Signed order is unsigned order with the sign bits flipped. */
#define W2CL_FLIP32(x) ((x) ^ 0x80000000u)
#define W2CL_FLIP64(x) ((x) ^ UINT64_C(0x8000000000000000))

static inline uint32_t w2cl_i32_eqz(uint32_t a) { return a == 0; }
static inline uint32_t w2cl_i32_lt_s(uint32_t a, uint32_t b) { return W2CL_FLIP32(a) < W2CL_FLIP32(b); }
static inline uint32_t w2cl_i32_gt_s(uint32_t a, uint32_t b) { return W2CL_FLIP32(a) > W2CL_FLIP32(b); }
static inline uint32_t w2cl_i32_le_s(uint32_t a, uint32_t b) { return W2CL_FLIP32(a) <= W2CL_FLIP32(b); }
static inline uint32_t w2cl_i32_ge_s(uint32_t a, uint32_t b) { return W2CL_FLIP32(a) >= W2CL_FLIP32(b); }
static inline uint32_t w2cl_i64_eqz(uint64_t a) { return a == 0; }
static inline uint32_t w2cl_i64_lt_s(uint64_t a, uint64_t b) { return W2CL_FLIP64(a) < W2CL_FLIP64(b); }
static inline uint32_t w2cl_i64_gt_s(uint64_t a, uint64_t b) { return W2CL_FLIP64(a) > W2CL_FLIP64(b); }
static inline uint32_t w2cl_i64_le_s(uint64_t a, uint64_t b) { return W2CL_FLIP64(a) <= W2CL_FLIP64(b); }
static inline uint32_t w2cl_i64_ge_s(uint64_t a, uint64_t b) { return W2CL_FLIP64(a) >= W2CL_FLIP64(b); }

/* ---- Bit counting ------------------------------------------------------ */

/* The builtins are undefined at 0 and take unsigned/unsigned long long, so
   they are used only for nonzero arguments of the right width. */
static inline uint32_t w2cl_i32_clz(uint32_t x) {
    uint32_t n = 0;
    if (x == 0)
        return 32;
#if W2CL_HAVE_BUILTINS
    if (sizeof(unsigned) == 4)
        return (uint32_t)__builtin_clz(x);
#endif
    if (!(x & 0xffff0000u)) { n += 16; x <<= 16; }
    if (!(x & 0xff000000u)) { n += 8; x <<= 8; }
    if (!(x & 0xf0000000u)) { n += 4; x <<= 4; }
    if (!(x & 0xc0000000u)) { n += 2; x <<= 2; }
    if (!(x & 0x80000000u)) n += 1;
    return n;
}
static inline uint32_t w2cl_i32_ctz(uint32_t x) {
    uint32_t n = 0;
    if (x == 0)
        return 32;
#if W2CL_HAVE_BUILTINS
    if (sizeof(unsigned) == 4)
        return (uint32_t)__builtin_ctz(x);
#endif
    if (!(x & 0xffffu)) { n += 16; x >>= 16; }
    if (!(x & 0xffu)) { n += 8; x >>= 8; }
    if (!(x & 0xfu)) { n += 4; x >>= 4; }
    if (!(x & 0x3u)) { n += 2; x >>= 2; }
    if (!(x & 0x1u)) n += 1;
    return n;
}
static inline uint32_t w2cl_i32_popcnt(uint32_t x) {
#if W2CL_HAVE_BUILTINS
    if (sizeof(unsigned) == 4)
        return (uint32_t)__builtin_popcount(x);
#endif
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0fu;
    return (uint32_t)(x * 0x01010101u) >> 24;
}
static inline uint64_t w2cl_i64_clz(uint64_t x) {
    if (x == 0)
        return 64;
#if W2CL_HAVE_BUILTINS
    if (sizeof(unsigned long long) == 8)
        return (uint64_t)__builtin_clzll(x);
#endif
    return x >> 32 ? w2cl_i32_clz((uint32_t)(x >> 32)) : 32 + w2cl_i32_clz((uint32_t)x);
}
static inline uint64_t w2cl_i64_ctz(uint64_t x) {
    if (x == 0)
        return 64;
#if W2CL_HAVE_BUILTINS
    if (sizeof(unsigned long long) == 8)
        return (uint64_t)__builtin_ctzll(x);
#endif
    return (uint32_t)x ? w2cl_i32_ctz((uint32_t)x) : 32 + w2cl_i32_ctz((uint32_t)(x >> 32));
}
static inline uint64_t w2cl_i64_popcnt(uint64_t x) {
#if W2CL_HAVE_BUILTINS
    if (sizeof(unsigned long long) == 8)
        return (uint64_t)__builtin_popcountll(x);
#endif
    return (uint64_t)w2cl_i32_popcnt((uint32_t)x) + w2cl_i32_popcnt((uint32_t)(x >> 32));
}

/* ---- Division ---------------------------------------------------------- */

static inline uint32_t w2cl_i32_div_s(uint32_t a, uint32_t b) {
    if (W2CL_UNLIKELY(b == 0))
        w2cl_trap(W2CL_TRAP_DIV_BY_ZERO);
    if (W2CL_UNLIKELY(a == 0x80000000u && b == 0xffffffffu))
        w2cl_trap(W2CL_TRAP_INT_OVERFLOW);
    return (uint32_t)(w2cl_s32(a) / w2cl_s32(b));
}
static inline uint32_t w2cl_i32_div_u(uint32_t a, uint32_t b) {
    if (W2CL_UNLIKELY(b == 0))
        w2cl_trap(W2CL_TRAP_DIV_BY_ZERO);
    return a / b;
}
static inline uint32_t w2cl_i32_rem_s(uint32_t a, uint32_t b) {
    if (W2CL_UNLIKELY(b == 0))
        w2cl_trap(W2CL_TRAP_DIV_BY_ZERO);
    if (b == 0xffffffffu) /* x % -1 is 0; INT_MIN % -1 would overflow in C */
        return 0;
    return (uint32_t)(w2cl_s32(a) % w2cl_s32(b));
}
static inline uint32_t w2cl_i32_rem_u(uint32_t a, uint32_t b) {
    if (W2CL_UNLIKELY(b == 0))
        w2cl_trap(W2CL_TRAP_DIV_BY_ZERO);
    return a % b;
}
static inline uint64_t w2cl_i64_div_s(uint64_t a, uint64_t b) {
    if (W2CL_UNLIKELY(b == 0))
        w2cl_trap(W2CL_TRAP_DIV_BY_ZERO);
    if (W2CL_UNLIKELY(a == UINT64_C(0x8000000000000000) && b == UINT64_MAX))
        w2cl_trap(W2CL_TRAP_INT_OVERFLOW);
    return (uint64_t)(w2cl_s64(a) / w2cl_s64(b));
}
static inline uint64_t w2cl_i64_div_u(uint64_t a, uint64_t b) {
    if (W2CL_UNLIKELY(b == 0))
        w2cl_trap(W2CL_TRAP_DIV_BY_ZERO);
    return a / b;
}
static inline uint64_t w2cl_i64_rem_s(uint64_t a, uint64_t b) {
    if (W2CL_UNLIKELY(b == 0))
        w2cl_trap(W2CL_TRAP_DIV_BY_ZERO);
    if (b == UINT64_MAX)
        return 0;
    return (uint64_t)(w2cl_s64(a) % w2cl_s64(b));
}
static inline uint64_t w2cl_i64_rem_u(uint64_t a, uint64_t b) {
    if (W2CL_UNLIKELY(b == 0))
        w2cl_trap(W2CL_TRAP_DIV_BY_ZERO);
    return a % b;
}

/* ---- Shifts and rotations ---------------------------------------------- */

static inline uint32_t w2cl_i32_shl(uint32_t a, uint32_t b) { return (uint32_t)(a << (b & 31)); }
static inline uint32_t w2cl_i32_shr_u(uint32_t a, uint32_t b) { return a >> (b & 31); }
/* >> of a negative value is implementation-defined: use it where it is an
   arithmetic shift (a constant test; gcc and clang document it), else shift
   the value with its sign bits flipped and flip back. */
#ifndef W2CL_SAR_IS_ARITHMETIC
#define W2CL_SAR_IS_ARITHMETIC (((int32_t)-1 >> 1) == -1)
#endif
static inline uint32_t w2cl_i32_shr_s(uint32_t a, uint32_t b) {
    uint32_t s = 0u - (a >> 31);
    if (W2CL_SAR_IS_ARITHMETIC)
        return (uint32_t)(w2cl_s32(a) >> (b & 31));
    return ((a ^ s) >> (b & 31)) ^ s;
}
/* (32 - n) & 31 keeps the second shift in range when n == 0. */
static inline uint32_t w2cl_i32_rotl(uint32_t a, uint32_t b) {
    return (uint32_t)(a << (b & 31)) | a >> ((32 - (b & 31)) & 31);
}
static inline uint32_t w2cl_i32_rotr(uint32_t a, uint32_t b) {
    return a >> (b & 31) | (uint32_t)(a << ((32 - (b & 31)) & 31));
}
static inline uint64_t w2cl_i64_shl(uint64_t a, uint64_t b) { return a << (b & 63); }
static inline uint64_t w2cl_i64_shr_u(uint64_t a, uint64_t b) { return a >> (b & 63); }
static inline uint64_t w2cl_i64_shr_s(uint64_t a, uint64_t b) {
    uint64_t s = 0u - (a >> 63);
    if (W2CL_SAR_IS_ARITHMETIC)
        return (uint64_t)(w2cl_s64(a) >> (b & 63));
    return ((a ^ s) >> (b & 63)) ^ s;
}
static inline uint64_t w2cl_i64_rotl(uint64_t a, uint64_t b) {
    return a << (b & 63) | a >> ((64 - (b & 63)) & 63);
}
static inline uint64_t w2cl_i64_rotr(uint64_t a, uint64_t b) {
    return a >> (b & 63) | a << ((64 - (b & 63)) & 63);
}

/* ---- Integer width changes --------------------------------------------- */

static inline uint32_t w2cl_i32_wrap_i64(uint64_t x) { return (uint32_t)x; }
static inline uint64_t w2cl_i64_extend_i32_s(uint32_t x) { return W2CL_SEXT64(x, 32); }
static inline uint64_t w2cl_i64_extend_i32_u(uint32_t x) { return x; }
static inline uint32_t w2cl_i32_extend8_s(uint32_t x) { return W2CL_SEXT32(x & 0xffu, 8); }
static inline uint32_t w2cl_i32_extend16_s(uint32_t x) { return W2CL_SEXT32(x & 0xffffu, 16); }
static inline uint64_t w2cl_i64_extend8_s(uint64_t x) { return W2CL_SEXT64(x & 0xffu, 8); }
static inline uint64_t w2cl_i64_extend16_s(uint64_t x) { return W2CL_SEXT64(x & 0xffffu, 16); }
static inline uint64_t w2cl_i64_extend32_s(uint64_t x) { return W2CL_SEXT64(x & 0xffffffffu, 32); }

/* ---- Float sign operations: bit manipulation keeps NaN payloads -------- */

#define W2CL_F32_SIGN 0x80000000u
#define W2CL_F64_SIGN UINT64_C(0x8000000000000000)

static inline float w2cl_f32_abs(float x) {
    return w2cl_f32_reinterpret_i32(w2cl_i32_reinterpret_f32(x) & ~W2CL_F32_SIGN);
}
static inline float w2cl_f32_neg(float x) {
    return w2cl_f32_reinterpret_i32(w2cl_i32_reinterpret_f32(x) ^ W2CL_F32_SIGN);
}
static inline float w2cl_f32_copysign(float a, float b) {
    return w2cl_f32_reinterpret_i32((w2cl_i32_reinterpret_f32(a) & ~W2CL_F32_SIGN) |
                                    (w2cl_i32_reinterpret_f32(b) & W2CL_F32_SIGN));
}
static inline double w2cl_f64_abs(double x) {
    return w2cl_f64_reinterpret_i64(w2cl_i64_reinterpret_f64(x) & ~W2CL_F64_SIGN);
}
static inline double w2cl_f64_neg(double x) {
    return w2cl_f64_reinterpret_i64(w2cl_i64_reinterpret_f64(x) ^ W2CL_F64_SIGN);
}
static inline double w2cl_f64_copysign(double a, double b) {
    return w2cl_f64_reinterpret_i64((w2cl_i64_reinterpret_f64(a) & ~W2CL_F64_SIGN) |
                                    (w2cl_i64_reinterpret_f64(b) & W2CL_F64_SIGN));
}

/* ---- Float arithmetic -------------------------------------------------- */

/* Wasm arithmetic never returns a signaling NaN, but C does: libm's rounding
   functions pass one through, and compilers fold x*1, x-0, x/1 and
   (float)(double)x to x. These set the quiet bit of a NaN result. */
static inline float w2cl_f32_quiet(float x) {
    return x != x ? w2cl_f32_reinterpret_i32(w2cl_i32_reinterpret_f32(x) | 0x00400000u) : x;
}
static inline double w2cl_f64_quiet(double x) {
    return x != x ? w2cl_f64_reinterpret_i64(w2cl_i64_reinterpret_f64(x) | UINT64_C(0x0008000000000000)) : x;
}

/* nearbyint rounds half to even in the default rounding mode, which wasm
   code cannot change. */
static inline float w2cl_f32_ceil(float x) { return w2cl_f32_quiet(ceilf(x)); }
static inline float w2cl_f32_floor(float x) { return w2cl_f32_quiet(floorf(x)); }
static inline float w2cl_f32_trunc(float x) { return w2cl_f32_quiet(truncf(x)); }
static inline float w2cl_f32_nearest(float x) { return w2cl_f32_quiet(nearbyintf(x)); }
static inline float w2cl_f32_sqrt(float x) { return sqrtf(x); }
static inline float w2cl_f32_div(float a, float b) { return a / b; }
static inline double w2cl_f64_ceil(double x) { return w2cl_f64_quiet(ceil(x)); }
static inline double w2cl_f64_floor(double x) { return w2cl_f64_quiet(floor(x)); }
static inline double w2cl_f64_trunc(double x) { return w2cl_f64_quiet(trunc(x)); }
static inline double w2cl_f64_nearest(double x) { return w2cl_f64_quiet(nearbyint(x)); }
static inline double w2cl_f64_sqrt(double x) { return sqrt(x); }
static inline double w2cl_f64_div(double a, double b) { return a / b; }

static inline int w2cl_f32_isnan(float x) { return x != x; }
static inline int w2cl_f64_isnan(double x) { return x != x; }

/* A NaN operand gives a NaN (a + b quiets it); on equal operands (only
   ±0 can differ) OR-ing the sign bits picks -0 for min, AND-ing +0 for max. */
static inline float w2cl_f32_min(float a, float b) {
    if (w2cl_f32_isnan(a) || w2cl_f32_isnan(b))
        return w2cl_f32_quiet(a + b);
    if (a == b)
        return w2cl_f32_reinterpret_i32(w2cl_i32_reinterpret_f32(a) | w2cl_i32_reinterpret_f32(b));
    return a < b ? a : b;
}
static inline float w2cl_f32_max(float a, float b) {
    if (w2cl_f32_isnan(a) || w2cl_f32_isnan(b))
        return w2cl_f32_quiet(a + b);
    if (a == b)
        return w2cl_f32_reinterpret_i32(w2cl_i32_reinterpret_f32(a) & w2cl_i32_reinterpret_f32(b));
    return a > b ? a : b;
}
static inline double w2cl_f64_min(double a, double b) {
    if (w2cl_f64_isnan(a) || w2cl_f64_isnan(b))
        return w2cl_f64_quiet(a + b);
    if (a == b)
        return w2cl_f64_reinterpret_i64(w2cl_i64_reinterpret_f64(a) | w2cl_i64_reinterpret_f64(b));
    return a < b ? a : b;
}
static inline double w2cl_f64_max(double a, double b) {
    if (w2cl_f64_isnan(a) || w2cl_f64_isnan(b))
        return w2cl_f64_quiet(a + b);
    if (a == b)
        return w2cl_f64_reinterpret_i64(w2cl_i64_reinterpret_f64(a) & w2cl_i64_reinterpret_f64(b));
    return a > b ? a : b;
}

static inline float w2cl_f32_demote_f64(double x) { return w2cl_f32_quiet((float)x); }
static inline double w2cl_f64_promote_f32(float x) { return w2cl_f64_quiet((double)x); }

/* ---- Float to integer -------------------------------------------------- */

/*
 * x converts when trunc(x) is representable. The bounds are exact powers of
 * two; the lower one is inclusive (>=) when the float type can represent
 * INT_MIN exactly and the next value below it truncates out of range, and
 * exclusive (> INT_MIN - 1, or > -1 for unsigned) otherwise. C casts are
 * defined inside these ranges.
 */
#define W2CL_TRUNC(name, ftype, rtype, lo_ok, hi, cast)              \
    static inline rtype name(ftype x) {                              \
        if (W2CL_UNLIKELY(x != x))                                   \
            w2cl_trap(W2CL_TRAP_INVALID_CONVERSION);                 \
        if (W2CL_UNLIKELY(!(lo_ok) || !(x < (hi))))                   \
            w2cl_trap(W2CL_TRAP_INT_OVERFLOW);                       \
        return (rtype)(cast)x;                                       \
    }
W2CL_TRUNC(w2cl_i32_trunc_f32_s, float, uint32_t, x >= -2147483648.0f, 2147483648.0f, int32_t)
W2CL_TRUNC(w2cl_i32_trunc_f32_u, float, uint32_t, x > -1.0f, 4294967296.0f, uint32_t)
W2CL_TRUNC(w2cl_i32_trunc_f64_s, double, uint32_t, x > -2147483649.0, 2147483648.0, int32_t)
W2CL_TRUNC(w2cl_i32_trunc_f64_u, double, uint32_t, x > -1.0, 4294967296.0, uint32_t)
W2CL_TRUNC(w2cl_i64_trunc_f32_s, float, uint64_t, x >= -9223372036854775808.0f, 9223372036854775808.0f, int64_t)
W2CL_TRUNC(w2cl_i64_trunc_f32_u, float, uint64_t, x > -1.0f, 18446744073709551616.0f, uint64_t)
W2CL_TRUNC(w2cl_i64_trunc_f64_s, double, uint64_t, x >= -9223372036854775808.0, 9223372036854775808.0, int64_t)
W2CL_TRUNC(w2cl_i64_trunc_f64_u, double, uint64_t, x > -1.0, 18446744073709551616.0, uint64_t)
#undef W2CL_TRUNC

/* The saturating forms: same ranges, NaN gives 0, the rest clamps. */
#define W2CL_TRUNC_SAT(name, ftype, rtype, lo_ok, hi, cast, minv, maxv) \
    static inline rtype name(ftype x) {                                 \
        if (x != x)                                                     \
            return 0;                                                   \
        if (!(lo_ok))                                                   \
            return (minv);                                              \
        if (!(x < (hi)))                                                \
            return (maxv);                                              \
        return (rtype)(cast)x;                                          \
    }
W2CL_TRUNC_SAT(w2cl_i32_trunc_sat_f32_s, float, uint32_t, x >= -2147483648.0f, 2147483648.0f, int32_t,
               0x80000000u, 0x7fffffffu)
W2CL_TRUNC_SAT(w2cl_i32_trunc_sat_f32_u, float, uint32_t, x > -1.0f, 4294967296.0f, uint32_t, 0u,
               0xffffffffu)
W2CL_TRUNC_SAT(w2cl_i32_trunc_sat_f64_s, double, uint32_t, x > -2147483649.0, 2147483648.0, int32_t,
               0x80000000u, 0x7fffffffu)
W2CL_TRUNC_SAT(w2cl_i32_trunc_sat_f64_u, double, uint32_t, x > -1.0, 4294967296.0, uint32_t, 0u,
               0xffffffffu)
W2CL_TRUNC_SAT(w2cl_i64_trunc_sat_f32_s, float, uint64_t, x >= -9223372036854775808.0f,
               9223372036854775808.0f, int64_t, UINT64_C(0x8000000000000000),
               UINT64_C(0x7fffffffffffffff))
W2CL_TRUNC_SAT(w2cl_i64_trunc_sat_f32_u, float, uint64_t, x > -1.0f, 18446744073709551616.0f, uint64_t,
               0u, UINT64_MAX)
W2CL_TRUNC_SAT(w2cl_i64_trunc_sat_f64_s, double, uint64_t, x >= -9223372036854775808.0,
               9223372036854775808.0, int64_t, UINT64_C(0x8000000000000000),
               UINT64_C(0x7fffffffffffffff))
W2CL_TRUNC_SAT(w2cl_i64_trunc_sat_f64_u, double, uint64_t, x > -1.0, 18446744073709551616.0, uint64_t,
               0u, UINT64_MAX)
#undef W2CL_TRUNC_SAT

/* ---- Integer to float -------------------------------------------------- */

static inline float w2cl_f32_convert_i32_s(uint32_t x) { return (float)w2cl_s32(x); }
static inline float w2cl_f32_convert_i32_u(uint32_t x) { return (float)x; }
static inline float w2cl_f32_convert_i64_s(uint64_t x) { return (float)w2cl_s64(x); }
static inline double w2cl_f64_convert_i32_s(uint32_t x) { return (double)w2cl_s32(x); }
static inline double w2cl_f64_convert_i32_u(uint32_t x) { return (double)x; }
static inline double w2cl_f64_convert_i64_s(uint64_t x) { return (double)w2cl_s64(x); }

/*
 * u64 with the top bit set: halve it, OR-ing the dropped bit back in as a
 * sticky bit so the one (signed) conversion still rounds correctly, then
 * double exactly. Going through double first would round twice.
 */
static inline float w2cl_f32_convert_i64_u(uint64_t x) {
    if (x >> 63)
        return 2.0f * (float)w2cl_s64((x >> 1) | (x & 1));
    return (float)w2cl_s64(x);
}
static inline double w2cl_f64_convert_i64_u(uint64_t x) {
    if (x >> 63)
        return 2.0 * (double)w2cl_s64((x >> 1) | (x & 1));
    return (double)w2cl_s64(x);
}

#endif
