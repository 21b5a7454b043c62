/*
 * wasm2c-lite runtime: the atomic instructions of the threads proposal
 * (--enable-threads). Generated code includes this header, after
 * w2cl_ops.h or w2cl_simd.h, when a module uses them.
 *
 * Every atomic access is sequentially consistent. With GCC or Clang the
 * helpers use the __atomic builtins (64-bit ones on a 32-bit host may need
 * -latomic). Another compiler has no portable way to them in C99: building
 * there is an error unless W2CL_NO_THREADS is defined, which promises that
 * only one thread ever runs wasm code, and makes the accesses plain ones.
 *
 * Each access first checks its effective address: out of bounds traps as
 * any access does (explicitly, guard-page builds too, so that this check
 * comes before the alignment one), and an address that is not a multiple
 * of the access size traps with "unaligned atomic". The host address is then
 * naturally aligned as well, since memory data is allocated (or, for
 * heap-free storage, declared) 8-byte aligned.
 *
 * Wasm memory is little-endian. On a big-endian host values are converted
 * with w2cl_le* (w2cl_ops.h) around the atomic operation: exchange,
 * compare-exchange and the bitwise operations work unchanged on the
 * swapped representation; add and subtract become a compare-exchange loop.
 */
#ifndef W2CL_ATOMIC_H
#define W2CL_ATOMIC_H

#include "w2cl_ops.h"

#if defined(W2CL_NO_THREADS)
#define W2CL_ATOMIC_PLAIN 1
#elif defined(__GNUC__) || defined(__clang__)
#define W2CL_ATOMIC_PLAIN 0
#else
#error "wasm atomics need the GCC/Clang __atomic builtins; define W2CL_NO_THREADS for a single-threaded program"
#endif

/* The identity: 8-bit values have no byte order (for the macros below). */
static inline uint8_t w2cl_le8(uint8_t v) { return v; }

/* The host address of an n-byte atomic access at `ea` (n a power of two). */
static inline void *w2cl_atomic_ptr(const w2cl_memory *m, uint64_t ea, uint64_t n) {
    uint8_t *p = w2cl_mem_ptr_checked(m, ea, n);
    if (W2CL_UNLIKELY(ea & (n - 1)))
        w2cl_trap(W2CL_TRAP_UNALIGNED_ATOMIC);
    return p;
}

/* ---- Primitives on host words (memory byte order) ------------------------- */

#if W2CL_ATOMIC_PLAIN
#define W2CL_ATOMIC_PRIMITIVES(N)                                                                      \
    static inline uint##N##_t w2cl_aload##N(uint##N##_t *p) { return *p; }                              \
    static inline void w2cl_astore##N(uint##N##_t *p, uint##N##_t v) { *p = v; }                       \
    static inline uint##N##_t w2cl_axchg##N(uint##N##_t *p, uint##N##_t v) {                            \
        uint##N##_t old = *p;                                                                           \
        *p = v;                                                                                         \
        return old;                                                                                     \
    }                                                                                                   \
    static inline uint##N##_t w2cl_acas##N(uint##N##_t *p, uint##N##_t expected, uint##N##_t desired) { \
        uint##N##_t old = *p;                                                                           \
        if (old == expected)                                                                            \
            *p = desired;                                                                               \
        return old;                                                                                     \
    }                                                                                                   \
    static inline uint##N##_t w2cl_aand##N(uint##N##_t *p, uint##N##_t v) {                             \
        uint##N##_t old = *p;                                                                           \
        *p = (uint##N##_t)(old & v);                                                                    \
        return old;                                                                                     \
    }                                                                                                   \
    static inline uint##N##_t w2cl_aor##N(uint##N##_t *p, uint##N##_t v) {                              \
        uint##N##_t old = *p;                                                                           \
        *p = (uint##N##_t)(old | v);                                                                    \
        return old;                                                                                     \
    }                                                                                                   \
    static inline uint##N##_t w2cl_axor##N(uint##N##_t *p, uint##N##_t v) {                             \
        uint##N##_t old = *p;                                                                           \
        *p = (uint##N##_t)(old ^ v);                                                                    \
        return old;                                                                                     \
    }
static inline void w2cl_atomic_fence(void) {}
#else
#define W2CL_ATOMIC_PRIMITIVES(N)                                                                      \
    static inline uint##N##_t w2cl_aload##N(uint##N##_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); } \
    static inline void w2cl_astore##N(uint##N##_t *p, uint##N##_t v) {                                 \
        __atomic_store_n(p, v, __ATOMIC_SEQ_CST);                                                       \
    }                                                                                                   \
    static inline uint##N##_t w2cl_axchg##N(uint##N##_t *p, uint##N##_t v) {                            \
        return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);                                             \
    }                                                                                                   \
    static inline uint##N##_t w2cl_acas##N(uint##N##_t *p, uint##N##_t expected, uint##N##_t desired) { \
        __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);      \
        return expected; /* the old value, whether or not it was replaced */                           \
    }                                                                                                   \
    static inline uint##N##_t w2cl_aand##N(uint##N##_t *p, uint##N##_t v) {                             \
        return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);                                              \
    }                                                                                                   \
    static inline uint##N##_t w2cl_aor##N(uint##N##_t *p, uint##N##_t v) {                              \
        return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);                                               \
    }                                                                                                   \
    static inline uint##N##_t w2cl_axor##N(uint##N##_t *p, uint##N##_t v) {                             \
        return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);                                              \
    }
#if defined(__SANITIZE_THREAD__)
/* GCC's ThreadSanitizer refuses fences: a sequentially consistent
   read-modify-write orders as strongly there. */
static int w2cl_fence_word;
static inline void w2cl_atomic_fence(void) { __atomic_fetch_add(&w2cl_fence_word, 0, __ATOMIC_SEQ_CST); }
#else
static inline void w2cl_atomic_fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
#endif
#endif

W2CL_ATOMIC_PRIMITIVES(8)
W2CL_ATOMIC_PRIMITIVES(16)
W2CL_ATOMIC_PRIMITIVES(32)
W2CL_ATOMIC_PRIMITIVES(64)

/* Add and subtract of wasm values: a compare-exchange loop on the memory
   representation, or the builtin where memory and host order agree. */
#if W2CL_BIG_ENDIAN || W2CL_ATOMIC_PLAIN
#define W2CL_ATOMIC_ARITH(N, name, op)                                                     \
    static inline uint##N##_t w2cl_a##name##N(uint##N##_t *p, uint##N##_t v) {              \
        uint##N##_t old = w2cl_aload##N(p), seen;                                           \
        for (;;) {                                                                          \
            uint##N##_t next = w2cl_le##N((uint##N##_t)(w2cl_le##N(old) op v));             \
            seen = w2cl_acas##N(p, old, next);                                              \
            if (seen == old)                                                                \
                return w2cl_le##N(old);                                                     \
            old = seen;                                                                     \
        }                                                                                   \
    }
#else
#define W2CL_ATOMIC_ARITH(N, name, op)                                                     \
    static inline uint##N##_t w2cl_a##name##N(uint##N##_t *p, uint##N##_t v) {              \
        return __atomic_fetch_##name(p, v, __ATOMIC_SEQ_CST);                               \
    }
#endif
W2CL_ATOMIC_ARITH(8, add, +)
W2CL_ATOMIC_ARITH(16, add, +)
W2CL_ATOMIC_ARITH(32, add, +)
W2CL_ATOMIC_ARITH(64, add, +)
W2CL_ATOMIC_ARITH(8, sub, -)
W2CL_ATOMIC_ARITH(16, sub, -)
W2CL_ATOMIC_ARITH(32, sub, -)
W2CL_ATOMIC_ARITH(64, sub, -)

/* ---- The instructions ------------------------------------------------------ */

/* T: the wasm type's C type; N: bits accessed. Narrow values are zero-extended. */
#define W2CL_ATOMIC_P(N, m, ea) ((uint##N##_t *)w2cl_atomic_ptr(m, ea, N / 8))

#define W2CL_ATOMIC_LOAD_STORE(T, N, load, store)                                         \
    static inline T load(const w2cl_memory *m, uint64_t ea) {                             \
        return w2cl_le##N(w2cl_aload##N(W2CL_ATOMIC_P(N, m, ea)));                         \
    }                                                                                     \
    static inline void store(w2cl_memory *m, uint64_t ea, T v) {                          \
        w2cl_astore##N(W2CL_ATOMIC_P(N, m, ea), w2cl_le##N((uint##N##_t)v));               \
    }
W2CL_ATOMIC_LOAD_STORE(uint32_t, 32, w2cl_i32_atomic_load, w2cl_i32_atomic_store)
W2CL_ATOMIC_LOAD_STORE(uint32_t, 8, w2cl_i32_atomic_load8_u, w2cl_i32_atomic_store8)
W2CL_ATOMIC_LOAD_STORE(uint32_t, 16, w2cl_i32_atomic_load16_u, w2cl_i32_atomic_store16)
W2CL_ATOMIC_LOAD_STORE(uint64_t, 64, w2cl_i64_atomic_load, w2cl_i64_atomic_store)
W2CL_ATOMIC_LOAD_STORE(uint64_t, 8, w2cl_i64_atomic_load8_u, w2cl_i64_atomic_store8)
W2CL_ATOMIC_LOAD_STORE(uint64_t, 16, w2cl_i64_atomic_load16_u, w2cl_i64_atomic_store16)
W2CL_ATOMIC_LOAD_STORE(uint64_t, 32, w2cl_i64_atomic_load32_u, w2cl_i64_atomic_store32)

/* rmw: add and sub take wasm values; the rest work in memory order. The
   compare-exchange compares with `expected` wrapped to N bits, as the spec
   says for the narrow forms. */
#define W2CL_ATOMIC_RMW(T, N, prefix, suffix)                                                     \
    static inline T prefix##add##suffix(w2cl_memory *m, uint64_t ea, T v) {                        \
        return w2cl_aadd##N(W2CL_ATOMIC_P(N, m, ea), (uint##N##_t)v);                               \
    }                                                                                             \
    static inline T prefix##sub##suffix(w2cl_memory *m, uint64_t ea, T v) {                        \
        return w2cl_asub##N(W2CL_ATOMIC_P(N, m, ea), (uint##N##_t)v);                               \
    }                                                                                             \
    static inline T prefix##and##suffix(w2cl_memory *m, uint64_t ea, T v) {                        \
        return w2cl_le##N(w2cl_aand##N(W2CL_ATOMIC_P(N, m, ea), w2cl_le##N((uint##N##_t)v)));       \
    }                                                                                             \
    static inline T prefix##or##suffix(w2cl_memory *m, uint64_t ea, T v) {                         \
        return w2cl_le##N(w2cl_aor##N(W2CL_ATOMIC_P(N, m, ea), w2cl_le##N((uint##N##_t)v)));        \
    }                                                                                             \
    static inline T prefix##xor##suffix(w2cl_memory *m, uint64_t ea, T v) {                        \
        return w2cl_le##N(w2cl_axor##N(W2CL_ATOMIC_P(N, m, ea), w2cl_le##N((uint##N##_t)v)));       \
    }                                                                                             \
    static inline T prefix##xchg##suffix(w2cl_memory *m, uint64_t ea, T v) {                       \
        return w2cl_le##N(w2cl_axchg##N(W2CL_ATOMIC_P(N, m, ea), w2cl_le##N((uint##N##_t)v)));      \
    }                                                                                             \
    static inline T prefix##cmpxchg##suffix(w2cl_memory *m, uint64_t ea, T expected, T v) {        \
        return w2cl_le##N(w2cl_acas##N(W2CL_ATOMIC_P(N, m, ea), w2cl_le##N((uint##N##_t)expected), \
                                       w2cl_le##N((uint##N##_t)v)));                               \
    }
W2CL_ATOMIC_RMW(uint32_t, 32, w2cl_i32_atomic_rmw_, )
W2CL_ATOMIC_RMW(uint32_t, 8, w2cl_i32_atomic_rmw8_, _u)
W2CL_ATOMIC_RMW(uint32_t, 16, w2cl_i32_atomic_rmw16_, _u)
W2CL_ATOMIC_RMW(uint64_t, 64, w2cl_i64_atomic_rmw_, )
W2CL_ATOMIC_RMW(uint64_t, 8, w2cl_i64_atomic_rmw8_, _u)
W2CL_ATOMIC_RMW(uint64_t, 16, w2cl_i64_atomic_rmw16_, _u)
W2CL_ATOMIC_RMW(uint64_t, 32, w2cl_i64_atomic_rmw32_, _u)

/* memory.atomic.wait32/64 and notify: the runtime's (w2cl.h); the timeout
   is an i64 of nanoseconds, negative for none. */
static inline uint32_t w2cl_memory_atomic_wait32(w2cl_memory *m, uint64_t ea, uint32_t expected,
                                                 uint64_t timeout) {
    return w2cl_memory_wait32(m, ea, expected, w2cl_s64(timeout));
}
static inline uint32_t w2cl_memory_atomic_wait64(w2cl_memory *m, uint64_t ea, uint64_t expected,
                                                 uint64_t timeout) {
    return w2cl_memory_wait64(m, ea, expected, w2cl_s64(timeout));
}
static inline uint32_t w2cl_memory_atomic_notify(w2cl_memory *m, uint64_t ea, uint32_t count) {
    return w2cl_memory_notify(m, ea, count);
}

#endif
