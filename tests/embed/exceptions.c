/* Exception handling for embedders: an exception that leaves an export
   lands in the embedder's frame with status W2CL_EXCEPTION and its tag and
   values in w2cl_current_exception(); hosts throw with their own tags or the
   module's; traps pass every wasm try; tags are exported and imported by
   name; the call depth and the instance survive all of it. */
#include <string.h>

#include "check.h"
#include "exceptions.h"

static const uint8_t i32_code[] = {W2CL_I32};
static const w2cl_functype i32_type = {1, 0, i32_code};
static w2cl_tag host_tag = {&i32_type};  /* imported by the module */
static w2cl_tag other_tag = {&i32_type}; /* unknown to the module */
static exceptions_instance inst;
static int handler_calls;

static void host_call(void *ctx, uint32_t x) {
    w2cl_value v[2];
    CHECK(ctx == &inst);
    memset(v, 0, sizeof v);
    switch (x) {
    case 1: /* the host's tag: caught by wasm */
        v[0].i32 = 5;
        w2cl_throw(&host_tag, v, 1);
    case 2: /* the module's own exported tag: caught by wasm */
        v[0].i32 = 6;
        v[1].i64 = 7;
        w2cl_throw(exceptions_e(&inst), v, 2);
    case 3: /* a tag wasm does not know: goes on to the embedder */
        v[0].i32 = 8;
        w2cl_throw(&other_tag, v, 1);
    case 4:
        w2cl_trap(W2CL_TRAP_HOST);
    default:
        break;
    }
}

static void handler(w2cl_status why, void *user) {
    (void)why;
    (void)user;
    handler_calls++;
}

/* Runs one call under a frame: its status (W2CL_OK when it returned). */
#define GUARDED(out, call)                                                       \
    do {                                                                         \
        w2cl_trap_frame f_;                                                      \
        w2cl_push_frame(&f_);                                                    \
        if (setjmp(f_.jmp) == 0) {                                               \
            call;                                                                \
            w2cl_pop_frame(&f_);                                                 \
            (out) = W2CL_OK;                                                     \
        } else {                                                                 \
            (out) = f_.status;                                                   \
        }                                                                        \
    } while (0)

int main(void) {
    exceptions_imports imports;
    volatile uint32_t r = 0;
    w2cl_status s;
    const w2cl_exception *e;

    memset(&imports, 0, sizeof imports);
    imports.host_tag = &host_tag;
    imports.host_call = host_call;
    imports.host_call_ctx = &inst;
    CHECK_EQ(exceptions_instantiate(&inst, &imports), W2CL_OK);
    w2cl_set_trap_handler(handler, NULL);

    /* An uncaught exception: tag identity and values. */
    GUARDED(s, exceptions_throw(&inst, 42, UINT64_C(0x123456789)));
    CHECK_EQ(s, W2CL_EXCEPTION);
    e = w2cl_current_exception();
    CHECK(e->tag == exceptions_e(&inst));
    CHECK_EQ(e->n, 2);
    CHECK_EQ(e->values[0].i32, 42);
    CHECK_EQ(e->values[1].i64, UINT64_C(0x123456789));
    CHECK(w2cl_functype_equal(e->tag->type, exceptions_e(&inst)->type));
    CHECK_EQ(e->tag->type->nparams, 2);
    CHECK_EQ(w2cl_call_depth, 0);
    CHECK(strcmp(w2cl_status_text(W2CL_EXCEPTION), "uncaught exception") == 0);

    GUARDED(s, exceptions_throw0(&inst));
    CHECK_EQ(s, W2CL_EXCEPTION);
    CHECK(w2cl_current_exception()->tag == exceptions_empty(&inst));
    CHECK_EQ(w2cl_current_exception()->n, 0);

    /* Host throws: caught in wasm by identity, or passed on. */
    GUARDED(s, r = exceptions_callhost(&inst, 0));
    CHECK_EQ(s, W2CL_OK);
    CHECK_EQ(r, 0);
    GUARDED(s, r = exceptions_callhost(&inst, 1));
    CHECK_EQ(s, W2CL_OK);
    CHECK_EQ(r, 1005);
    GUARDED(s, r = exceptions_callhost(&inst, 2));
    CHECK_EQ(s, W2CL_OK);
    CHECK_EQ(r, 2006);
    GUARDED(s, exceptions_callhost(&inst, 3));
    CHECK_EQ(s, W2CL_EXCEPTION);
    CHECK(w2cl_current_exception()->tag == &other_tag);
    CHECK_EQ(w2cl_current_exception()->values[0].i32, 8);
    GUARDED(s, exceptions_callhost(&inst, 4));
    CHECK_EQ(s, W2CL_TRAP_HOST);
    CHECK_EQ(w2cl_call_depth, 0);

    /* Traps are not catchable: the handler sees it once, catch_all never runs. */
    handler_calls = 0;
    GUARDED(s, exceptions_trapintry(&inst));
    CHECK_EQ(s, W2CL_TRAP_UNREACHABLE);
    CHECK_EQ(exceptions_after(&inst)->value.i32, 0);
    CHECK_EQ(handler_calls, 1);

    /* rethrow keeps tag and values; exceptions do not call the trap handler. */
    GUARDED(s, exceptions_rethrow(&inst, 9));
    CHECK_EQ(s, W2CL_EXCEPTION);
    CHECK(w2cl_current_exception()->tag == exceptions_e(&inst));
    CHECK_EQ(w2cl_current_exception()->values[0].i32, 9);
    CHECK_EQ(w2cl_current_exception()->values[1].i64, UINT64_MAX);
    CHECK_EQ(exceptions_after(&inst)->value.i32, 1);
    CHECK_EQ(handler_calls, 1);
    CHECK_EQ(w2cl_call_depth, 0);

    /* Tags by name: exported as W2CL_EXTERN_TAG, imported with a type check. */
    {
        w2cl_extern list[8], host[2];
        exceptions_imports again;
        size_t n = exceptions_exports(&inst, "m", list, 8), i, tags = 0;
        for (i = 0; i < n; i++)
            if (list[i].kind == W2CL_EXTERN_TAG) {
                tags++;
                CHECK(list[i].object == exceptions_e(&inst) || list[i].object == exceptions_empty(&inst));
            }
        CHECK_EQ(tags, 2);
        host[0].module = "host";
        host[0].name = "tag";
        host[0].name_len = 3;
        host[0].kind = W2CL_EXTERN_TAG;
        host[0].object = &host_tag;
        host[1] = host[0];
        host[1].name = "call";
        host[1].name_len = 4;
        host[1].kind = W2CL_EXTERN_FUNC;
        host[1].object = &inst.funcs[0]; /* the imported host_call: type [i32] -> [] */
        CHECK_EQ(exceptions_resolve_imports(&again, host, 2), W2CL_OK);
        CHECK(again.host_tag == &host_tag);
        host[0].kind = W2CL_EXTERN_GLOBAL; /* no tag of that name now */
        CHECK_EQ(exceptions_resolve_imports(&again, host, 2), W2CL_LINK_ERROR);
    }
    {
        static const uint8_t f32_code[] = {W2CL_F32};
        static const w2cl_functype f32_type = {1, 0, f32_code};
        static w2cl_tag wrong = {&f32_type};
        static exceptions_instance other;
        exceptions_imports bad = imports;
        bad.host_tag = &wrong;
        CHECK_EQ(exceptions_instantiate(&other, &bad), W2CL_LINK_ERROR);
        exceptions_free(&other);
    }

    /* The instance is still fine. */
    GUARDED(s, r = exceptions_callhost(&inst, 1));
    CHECK_EQ(s, W2CL_OK);
    CHECK_EQ(r, 1005);
    exceptions_free(&inst);
    return check_done("exceptions");
}
