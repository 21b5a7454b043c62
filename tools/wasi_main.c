/*
 * A fixed main() for any WASI command module translated with
 *     wasm2c-lite prog.wasm -o w2cl_cmd.c -n w2cl_cmd
 * and compiled with the runtime and the WASI library (every .c file of rt/ and rt/wasi/):
 *     cc -O2 -I rt -I rt/wasi -I DIR tools/wasi_main.c DIR/w2cl_cmd.c RT_SOURCES WASI_SOURCES -lm
 *
 * usage: PROG [--dir HOST[:GUEST]]... [--env KEY=VALUE]... [--argv0 NAME] [--] [ARGS...]
 *
 * Host options are read only at the front; the first other argument (or
 * everything after "--") goes to the module. The exit status is the
 * module's: what main returned or passed to exit(). A trap prints
 * "wasm trap: ..." on stderr and exits with 134.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "w2cl_cmd.h"
#include "w2cl_wasi.h"

#define TRAP_EXIT 134

static void usage(const char *self) {
    fprintf(stderr,
            "usage: %s [--dir HOST[:GUEST]]... [--env KEY=VALUE]... [--argv0 NAME] [--] [ARGS...]\n",
            self);
    exit(2);
}

int main(int argc, char **argv) {
    w2cl_wasi_config cfg;
    w2cl_wasi_preopen *pre = calloc((size_t)argc + 1, sizeof *pre);
    const char **env = calloc((size_t)argc + 1, sizeof *env);
    const char **gargv = calloc((size_t)argc + 1, sizeof *gargv);
    char *argv0 = NULL;
    int npre = 0, nenv = 0, ngarg = 0, i = 1, code;
    char err[512];
    w2cl_wasi *wasi;
    w2cl_cmd_instance *inst = calloc(1, sizeof *inst);
    w2cl_cmd_imports imports;
    w2cl_extern exports[64];
    size_t nexp;
    size_t next;
    const w2cl_extern *ext;
    w2cl_status st;

    if (!pre || !env || !gargv || !inst) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "--dir") == 0 || strncmp(a, "--dir=", 6) == 0) {
            char *spec, *colon;
            if (a[5] == '=')
                spec = (char *)a + 6;
            else if (++i < argc)
                spec = argv[i];
            else
                usage(argv[0]);
            colon = strchr(spec, ':');
            if (colon) {
                *colon = 0;
                pre[npre].guest_path = colon + 1;
            } else {
                pre[npre].guest_path = spec;
            }
            pre[npre++].host_path = spec;
        } else if (strcmp(a, "--env") == 0 || strncmp(a, "--env=", 6) == 0) {
            const char *kv;
            if (a[5] == '=')
                kv = a + 6;
            else if (++i < argc)
                kv = argv[i];
            else
                usage(argv[0]);
            if (!strchr(kv, '='))
                usage(argv[0]);
            env[nenv++] = kv;
        } else if (strcmp(a, "--argv0") == 0) {
            if (++i >= argc)
                usage(argv[0]);
            argv0 = argv[i];
        } else {
            break;
        }
    }
    if (!argv0) {
        const char *slash = strrchr(argv[0], '/');
        argv0 = slash ? (char *)slash + 1 : argv[0];
    }
    gargv[ngarg++] = argv0;
    for (; i < argc; i++)
        gargv[ngarg++] = argv[i];

    w2cl_wasi_config_init(&cfg);
    cfg.argc = ngarg;
    cfg.argv = gargv;
    cfg.envc = nenv;
    cfg.envp = env;
    cfg.npreopens = (size_t)npre;
    cfg.preopens = pre;
    wasi = w2cl_wasi_new(&cfg, err, sizeof err);
    if (!wasi) {
        fprintf(stderr, "%s: %s\n", argv[0], err);
        return 1;
    }
    ext = w2cl_wasi_externs(wasi, &next);
    if (w2cl_cmd_resolve_imports(&imports, ext, next) != W2CL_OK) {
        fprintf(stderr, "%s: the module imports something other than wasi_snapshot_preview1 functions\n",
                argv[0]);
        return 1;
    }
    st = w2cl_cmd_instantiate(inst, &imports);
    if (st != W2CL_OK) {
        fprintf(stderr, "%s: instantiation failed: %s\n", argv[0], w2cl_status_text(st));
        w2cl_cmd_free(inst);
        return st == W2CL_LINK_ERROR || st == W2CL_ALLOC_ERROR ? 1 : TRAP_EXIT;
    }
    nexp = w2cl_cmd_exports(inst, "", exports, 64);
    code = w2cl_wasi_run_start(wasi, exports, nexp < 64 ? nexp : 64, &st);
    if (code < 0) {
        if (st == W2CL_LINK_ERROR)
            fprintf(stderr, "%s: not a WASI command (no exported \"memory\" and \"_start\")\n", argv[0]);
        else
            fprintf(stderr, "wasm trap: %s\n", w2cl_status_text(st));
        code = st == W2CL_LINK_ERROR ? 1 : TRAP_EXIT;
    }
    fflush(stdout);
    w2cl_cmd_free(inst);
    w2cl_wasi_free(wasi);
    free(inst);
    free(pre);
    free(env);
    free(gargv);
    return code;
}
