/* Trap frames, the call depth counter, exceptions and status texts. */
#include <string.h>

#include "w2cl.h"

/* The innermost armed frame; per thread so instances on different threads
   unwind independently. */
static W2CL_THREAD_LOCAL w2cl_trap_frame *w2cl_top_frame;
W2CL_THREAD_LOCAL uint32_t w2cl_call_depth;
/* The embedder's hook (w2cl_set_trap_handler) and its argument. */
static W2CL_THREAD_LOCAL w2cl_trap_handler w2cl_handler;
static W2CL_THREAD_LOCAL void *w2cl_handler_user;

w2cl_trap_handler w2cl_set_trap_handler(w2cl_trap_handler fn, void *user) {
    w2cl_trap_handler old = w2cl_handler;
    w2cl_handler = fn;
    w2cl_handler_user = user;
    return old;
}

void w2cl_reset_trap_state(void) {
    w2cl_top_frame = NULL;
    w2cl_call_depth = 0;
}

void w2cl_push_frame(w2cl_trap_frame *f) {
#ifdef W2CL_GUARD_PAGES
    /* This thread may be about to run wasm code for the first time: give
       it the alternate stack the fault handler needs near stack overflow. */
    (void)w2cl_guard_init();
#endif
    f->prev = w2cl_top_frame;
    f->saved_depth = w2cl_call_depth;
    f->status = W2CL_OK;
    f->exceptions_only = 0;
    w2cl_top_frame = f;
}

void w2cl_push_try_frame(w2cl_trap_frame *f) {
    w2cl_push_frame(f);
    f->exceptions_only = 1;
}

void w2cl_pop_frame(w2cl_trap_frame *f) { w2cl_top_frame = f->prev; }

void w2cl_trap(w2cl_status why) {
    w2cl_trap_frame *f;
    if (w2cl_handler) /* before anything unwinds; it may leave on its own */
        w2cl_handler(why, w2cl_handler_user);
    f = w2cl_top_frame;
    while (f && f->exceptions_only) /* wasm code cannot catch traps */
        f = f->prev;
    if (!f)
        w2cl_unhandled_trap(why);
    f->status = why;
    /* The functions we unwind through never reach their w2cl_leave(). */
    w2cl_call_depth = f->saved_depth;
    w2cl_top_frame = f->prev;
    longjmp(f->jmp, 1);
}

/* ---- Exceptions ------------------------------------------------------------ */

/* The exception being thrown or last thrown on this thread. */
static W2CL_THREAD_LOCAL w2cl_exception w2cl_exc;

const w2cl_exception *w2cl_current_exception(void) { return &w2cl_exc; }

/* Unwinds to the innermost frame of any kind with the current exception. */
static W2CL_NORETURN void w2cl_unwind_exception(void) {
    w2cl_trap_frame *f = w2cl_top_frame;
    if (!f) {
        if (w2cl_handler) /* uncaught at the top: as a trap would be */
            w2cl_handler(W2CL_EXCEPTION, w2cl_handler_user);
        w2cl_unhandled_trap(W2CL_EXCEPTION);
    }
    f->status = W2CL_EXCEPTION;
    w2cl_call_depth = f->saved_depth;
    w2cl_top_frame = f->prev;
    longjmp(f->jmp, 1);
}

void w2cl_throw(const w2cl_tag *tag, const w2cl_value *values, uint32_t n) {
    if (n > W2CL_MAX_EXCEPTION_VALUES) /* the translator never asks for this */
        n = W2CL_MAX_EXCEPTION_VALUES;
    w2cl_exc.tag = tag;
    w2cl_exc.n = n;
    if (n)
        memcpy(w2cl_exc.values, values, n * sizeof *values);
    w2cl_unwind_exception();
}

void w2cl_rethrow(const w2cl_exception *e) {
    if (e != &w2cl_exc)
        w2cl_exc = *e;
    w2cl_unwind_exception();
}

const char *w2cl_status_text(w2cl_status s) {
    switch (s) {
    case W2CL_OK: return "ok";
    case W2CL_TRAP_UNREACHABLE: return "unreachable";
    case W2CL_TRAP_MEMORY_OOB: return "out of bounds memory access";
    case W2CL_TRAP_TABLE_OOB: return "out of bounds table access";
    case W2CL_TRAP_DIV_BY_ZERO: return "integer divide by zero";
    case W2CL_TRAP_INT_OVERFLOW: return "integer overflow";
    case W2CL_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case W2CL_TRAP_INDIRECT_TYPE: return "indirect call type mismatch";
    case W2CL_TRAP_UNDEFINED_ELEMENT: return "undefined element";
    case W2CL_TRAP_UNINITIALIZED_ELEMENT: return "uninitialized element";
    case W2CL_TRAP_NULL_REFERENCE: return "null reference";
    case W2CL_TRAP_EXHAUSTION: return "call stack exhausted";
    case W2CL_TRAP_UNALIGNED_ATOMIC: return "unaligned atomic";
    case W2CL_TRAP_EXPECTED_SHARED: return "expected shared memory";
    case W2CL_TRAP_HOST: return "host trap";
    case W2CL_LINK_ERROR: return "link error: missing or incompatible import";
    case W2CL_ALLOC_ERROR: return "allocation failed";
    case W2CL_EXCEPTION: return "uncaught exception";
    }
    return "unknown status";
}
