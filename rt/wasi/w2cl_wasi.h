/*
 * wasm2c-lite WASI preview1 library ("wasi_snapshot_preview1").
 *
 * Separate from the portable core runtime in rt/: link rt/wasi/w2cl_wasi.c
 * only when a module imports WASI. It needs a POSIX host (openat, fstatat,
 * readlinkat, fdopendir, clock_gettime, poll, ...); it is not C99-portable.
 *
 * Use with any generated module:
 *
 *     w2cl_wasi_config cfg;
 *     w2cl_wasi_config_init(&cfg);
 *     cfg.argc = argc; cfg.argv = argv;                 // argv[0] is the program name
 *     cfg.npreopens = 1; cfg.preopens = &(w2cl_wasi_preopen){"/tmp/box", "/sandbox"};
 *     w2cl_wasi *wasi = w2cl_wasi_new(&cfg, errbuf, sizeof errbuf);
 *
 *     size_t n; const w2cl_extern *ext = w2cl_wasi_externs(wasi, &n);
 *     PREFIX_imports imports;
 *     PREFIX_resolve_imports(&imports, ext, n);         // every "wasi_snapshot_preview1" import
 *     PREFIX_instantiate(&inst, &imports);
 *
 *     w2cl_extern exp[64]; size_t ne = PREFIX_exports(&inst, "", exp, 64);
 *     w2cl_status trap;
 *     int code = w2cl_wasi_run_start(wasi, exp, ne < 64 ? ne : 64, &trap);
 *
 * Guest pointers are bounds-checked against the bound memory: a bad pointer
 * or length gives the WASI errno "fault", never a host crash. proc_exit
 * unwinds through w2cl_trap(W2CL_TRAP_HOST) after recording the exit code;
 * w2cl_wasi_exited() tells it apart from a real host trap.
 *
 * Sandbox: paths are resolved only relative to preopened directories, one
 * component at a time, without following symlinks implicitly; absolute
 * paths, ".." above a preopen and symlinks leading outside give
 * "notcapable" (76).
 */
#ifndef W2CL_WASI_H
#define W2CL_WASI_H

#include <stddef.h>
#include <stdint.h>

#include "w2cl.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct w2cl_wasi w2cl_wasi;

typedef struct {
    const char *host_path;  /* directory on the host */
    const char *guest_path; /* the name the module sees (fd_prestat_dir_name), e.g. "/sandbox" or "." */
} w2cl_wasi_preopen;

typedef struct {
    int argc;
    const char *const *argv; /* copied; argv[0] is what the guest sees as the program name */
    int envc;
    const char *const *envp; /* "KEY=VALUE" strings, copied; nothing is inherited from the host */
    size_t npreopens;
    const w2cl_wasi_preopen *preopens; /* become guest fds 3, 4, ... in this order */
    int stdin_fd, stdout_fd, stderr_fd; /* host fds for guest fds 0..2 (not closed by us); -1: none */
} w2cl_wasi_config;

/* Zeroes the config and sets stdio to the host's 0, 1, 2. */
void w2cl_wasi_config_init(w2cl_wasi_config *cfg);

/* NULL on failure (a preopen that is not a directory, out of memory), with
   a message in err[errlen] when err is not NULL. */
w2cl_wasi *w2cl_wasi_new(const w2cl_wasi_config *cfg, char *err, size_t errlen);
/* Closes every fd the guest opened and the preopens; stdio is left open. */
void w2cl_wasi_free(w2cl_wasi *w);

/* The module name of every extern: "wasi_snapshot_preview1". */
#define W2CL_WASI_MODULE "wasi_snapshot_preview1"

/* Every preview1 function as a w2cl_extern (module W2CL_WASI_MODULE) whose
   funcref has `w` as its ctx; valid as long as `w`. Feed it to a generated
   PREFIX_resolve_imports (append your own externs for other modules). */
const w2cl_extern *w2cl_wasi_externs(w2cl_wasi *w, size_t *n);

/* The memory host functions read and write: the module's exported "memory".
   Bind it after instantiation and before calling into the module. */
void w2cl_wasi_set_memory(w2cl_wasi *w, w2cl_memory *mem);

/* 1 when the guest called proc_exit (its code in *code), else 0. */
int w2cl_wasi_exited(const w2cl_wasi *w, uint32_t *code);

/* Runs a command module: finds "memory" and "_start" in `exports` (as
   PREFIX_exports gives them), binds the memory and calls _start under a
   trap frame. Returns the exit code: 0 when _start returns, the proc_exit
   code, or -1 when it trapped (or exports lack memory/_start), with the trap
   in *trap (W2CL_OK otherwise; may be NULL). */
int w2cl_wasi_run_start(w2cl_wasi *w, const w2cl_extern *exports, size_t n, w2cl_status *trap);

/* WASI errno values the library returns (preview1 numbering), for embedders' own host functions. */
enum {
    W2CL_WASI_ESUCCESS = 0,
    W2CL_WASI_EBADF = 8,
    W2CL_WASI_EFAULT = 21,
    W2CL_WASI_EINVAL = 28,
    W2CL_WASI_ENOSYS = 52,
    W2CL_WASI_ENOTSUP = 58,
    W2CL_WASI_ENOTCAPABLE = 76
};

#ifdef __cplusplus
}
#endif
#endif
