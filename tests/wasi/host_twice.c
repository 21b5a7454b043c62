/*
 * Embedding check: runs a command module that calls exit(42) twice in one
 * process. proc_exit must unwind back here (not end the process), report the
 * code, and leave nothing behind (run under LeakSanitizer by run.py --sanitize).
 * Built by run.py against exit_atexit.wasm translated with -n w2cl_cmd.
 */
#include <stdio.h>

#include "w2cl_cmd.h"
#include "w2cl_wasi.h"

int main(void) {
    static w2cl_cmd_instance inst;
    int round;
    for (round = 0; round < 2; round++) {
        w2cl_wasi_config cfg;
        const char *argv[] = {"exit_atexit.wasm"};
        w2cl_wasi *w;
        const w2cl_extern *ext;
        size_t n, ne;
        w2cl_cmd_imports imports;
        w2cl_extern exports[8];
        w2cl_status st;
        uint32_t code2 = 0;
        int code, exited;

        w2cl_wasi_config_init(&cfg);
        cfg.argc = 1;
        cfg.argv = argv;
        w = w2cl_wasi_new(&cfg, NULL, 0);
        if (!w)
            return 10;
        ext = w2cl_wasi_externs(w, &n);
        if (w2cl_cmd_resolve_imports(&imports, ext, n) != W2CL_OK)
            return 11;
        if (w2cl_cmd_instantiate(&inst, &imports) != W2CL_OK)
            return 12;
        ne = w2cl_cmd_exports(&inst, "", exports, 8);
        code = w2cl_wasi_run_start(w, exports, ne < 8 ? ne : 8, &st);
        exited = w2cl_wasi_exited(w, &code2);
        printf("round %d: code %d, exited %d (%u), status %s\n", round, code, exited, code2,
               w2cl_status_text(st));
        fflush(stdout);
        w2cl_cmd_free(&inst);
        w2cl_wasi_free(w);
    }
    printf("host still running\n");
    return 0;
}
