#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int out_open(out_file *o, const char *path) {
    size_t n = strlen(path);
    o->f = NULL;
    o->path = malloc(n + 1);
    o->tmp = malloc(n + 5);
    if (!o->path || !o->tmp) {
        errno = ENOMEM;
        return -1;
    }
    memcpy(o->path, path, n + 1);
    memcpy(o->tmp, path, n);
    memcpy(o->tmp + n, ".tmp", 5);
    o->f = fopen(o->tmp, "wb");
    return o->f ? 0 : -1;
}

/* Closes the temporary: 0 when everything reached it. */
static int close_tmp(out_file *o) {
    int failed = ferror(o->f), saved = errno;
    if (fclose(o->f) != 0)
        failed = 1;
    else if (failed) /* a write failed earlier: its errno, if still there */
        errno = saved ? saved : EIO;
    o->f = NULL;
    return failed ? -1 : 0;
}

int out_commit(out_file *files, size_t n, const char **failed) {
    for (size_t i = 0; i < n; i++) {
        if (close_tmp(&files[i]) != 0) {
            *failed = files[i].path;
            int saved = errno;
            out_discard(files, n);
            errno = saved;
            return -1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (rename(files[i].tmp, files[i].path) != 0) {
            *failed = files[i].path;
            int saved = errno;
            for (size_t j = 0; j < i; j++)
                remove(files[j].path);
            out_discard(files + i, n - i);
            errno = saved;
            return -1;
        }
    }
    return 0;
}

void out_discard(out_file *files, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (files[i].f)
            fclose(files[i].f);
        files[i].f = NULL;
        if (files[i].tmp)
            remove(files[i].tmp);
    }
}

void out_free(out_file *files, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(files[i].path);
        free(files[i].tmp);
        files[i].path = files[i].tmp = NULL;
    }
}
