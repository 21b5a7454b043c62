/*
 * Embedding example: instantiate generated/strings.wasm with a host import,
 * call its exports, read its memory and global, and report traps.
 */
#include <stdio.h>

#include "strings.h"

/* The module's import "host" "print": prints `len` bytes at `ptr` of the
   instance's memory. `ctx` is whatever we put beside it in the imports. */
static void host_print(void *ctx, uint32_t ptr, uint32_t len) {
    strings_instance *inst = ctx;
    w2cl_memory *mem = strings_memory(inst);
    if ((uint64_t)ptr + len > mem->size)
        w2cl_trap(W2CL_TRAP_HOST);
    printf("wasm says: %.*s\n", (int)len, (const char *)mem->data + ptr);
}

int main(void) {
    static strings_instance inst; /* the caller owns the storage */
    strings_imports imports = {host_print, &inst};

    w2cl_status status = strings_instantiate(&inst, &imports);
    if (status != W2CL_OK) {
        fprintf(stderr, "instantiate failed: %s\n", w2cl_status_text(status));
        strings_free(&inst);
        return 1;
    }

    w2cl_trap_frame frame;
    w2cl_push_frame(&frame);
    if (setjmp(frame.jmp) == 0) {
        printf("strlen = %u\n", strings_strlen(&inst, 16));
        strings_shout(&inst);
        strings_shout(&inst);
        printf("calls = %u\n", strings_calls(&inst)->value.i32);
        strings_strlen(&inst, 70000); /* past the end of memory: traps */
        w2cl_pop_frame(&frame);
    } else {
        printf("trapped: %s\n", w2cl_status_text(frame.status));
    }
    strings_free(&inst);
    return 0;
}
