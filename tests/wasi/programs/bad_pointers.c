// Host calls with guest pointers outside linear memory must fail with an errno, not crash.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

/* The raw import: wasi-libc's wrapper would strlen() the path inside the module first. */
int32_t raw_path_open(int32_t, int32_t, int32_t, int32_t, int32_t, int64_t, int64_t, int32_t, int32_t)
    __attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open")));

#define BAD ((void *)0xfffffff0u)

static void check(const char *what, __wasi_errno_t e) { printf("%-32s %s\n", what, e ? "error" : "SUCCEEDED"); }

int main(void) {
    __wasi_size_t n;
    __wasi_ciovec_t iov = {BAD, 64};
    check("fd_write from a bad buffer", __wasi_fd_write(1, &iov, 1, &n));
    check("fd_write with a bad iovec array", __wasi_fd_write(1, BAD, 4, &n));
    __wasi_iovec_t riov = {BAD, 64};
    check("fd_read into a bad buffer", __wasi_fd_read(3, &riov, 1, &n));
    check("random_get into a bad buffer", __wasi_random_get(BAD, 100));
    check("clock_time_get to a bad pointer", __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, BAD));
    check("args_sizes_get to a bad pointer", __wasi_args_sizes_get(BAD, BAD));
    check("fd_prestat_get to a bad pointer", __wasi_fd_prestat_get(3, BAD));
    check("fd_filestat_get to a bad pointer", __wasi_fd_filestat_get(3, BAD));
    __wasi_fd_t fd;
    check("path_open with a bad path", raw_path_open(3, 0, (int32_t)0xfffffff0u, 64, 0, 0, 0, 0, (int32_t)&fd));
    check("path_open with a bad fd out", raw_path_open(3, 0, (int32_t)".", 1, 0, 0, 0, 0, (int32_t)0xfffffffcu));
    check("fd_readdir into a bad buffer", __wasi_fd_readdir(3, BAD, 4096, 0, &n));
    check("fd_write on a bad fd", __wasi_fd_write(12345, &iov, 1, &n));
    check("fd_close on a bad fd", __wasi_fd_close(999));
    check("fd_prestat_get on stdout", __wasi_fd_prestat_get(1, (__wasi_prestat_t *)&n));
    check("clock_time_get bad clock id", __wasi_clock_time_get(99, 1, (__wasi_timestamp_t *)&iov));
    printf("still alive\n");
    return 0;
}
