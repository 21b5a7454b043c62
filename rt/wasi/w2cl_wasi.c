/*
 * WASI preview1 for wasm2c-lite generated modules. POSIX only (see w2cl_wasi.h).
 *
 * Every host function takes the w2cl_wasi instance as ctx, checks each guest
 * pointer against the bound memory (EFAULT otherwise) and reads/writes guest
 * structures byte by byte in little-endian order, so layout and host
 * endianness never matter.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* O_PATH, fdatasync, posix_fallocate, getrandom */
#endif

#if !defined(__unix__) && !defined(__unix) && !(defined(__APPLE__) && defined(__MACH__))
#error "rt/wasi/w2cl_wasi.c needs a POSIX host (openat, fstatat, fdopendir, poll, ...)"
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include "w2cl_wasi.h"

/* ---- WASI constants (preview1) ----------------------------------------- */

enum {
    E_SUCCESS = 0, E_2BIG = 1, E_ACCES = 2, E_ADDRINUSE = 3, E_ADDRNOTAVAIL = 4, E_AFNOSUPPORT = 5,
    E_AGAIN = 6, E_ALREADY = 7, E_BADF = 8, E_BADMSG = 9, E_BUSY = 10, E_CANCELED = 11,
    E_CHILD = 12, E_CONNABORTED = 13, E_CONNREFUSED = 14, E_CONNRESET = 15, E_DEADLK = 16,
    E_DESTADDRREQ = 17, E_DOM = 18, E_DQUOT = 19, E_EXIST = 20, E_FAULT = 21, E_FBIG = 22,
    E_HOSTUNREACH = 23, E_IDRM = 24, E_ILSEQ = 25, E_INPROGRESS = 26, E_INTR = 27, E_INVAL = 28,
    E_IO = 29, E_ISCONN = 30, E_ISDIR = 31, E_LOOP = 32, E_MFILE = 33, E_MLINK = 34,
    E_MSGSIZE = 35, E_MULTIHOP = 36, E_NAMETOOLONG = 37, E_NETDOWN = 38, E_NETRESET = 39,
    E_NETUNREACH = 40, E_NFILE = 41, E_NOBUFS = 42, E_NODEV = 43, E_NOENT = 44, E_NOEXEC = 45,
    E_NOLCK = 46, E_NOLINK = 47, E_NOMEM = 48, E_NOMSG = 49, E_NOPROTOOPT = 50, E_NOSPC = 51,
    E_NOSYS = 52, E_NOTCONN = 53, E_NOTDIR = 54, E_NOTEMPTY = 55, E_NOTRECOVERABLE = 56,
    E_NOTSOCK = 57, E_NOTSUP = 58, E_NOTTY = 59, E_NXIO = 60, E_OVERFLOW = 61, E_OWNERDEAD = 62,
    E_PERM = 63, E_PIPE = 64, E_PROTO = 65, E_PROTONOSUPPORT = 66, E_PROTOTYPE = 67, E_RANGE = 68,
    E_ROFS = 69, E_SPIPE = 70, E_SRCH = 71, E_STALE = 72, E_TIMEDOUT = 73, E_TXTBSY = 74,
    E_XDEV = 75, E_NOTCAPABLE = 76
};

enum { /* filetype */
    FT_UNKNOWN = 0, FT_BLOCK = 1, FT_CHAR = 2, FT_DIR = 3, FT_REG = 4, FT_DGRAM = 5,
    FT_STREAM = 6, FT_SYMLINK = 7
};

#define R_FD_DATASYNC (1ull << 0)
#define R_FD_READ (1ull << 1)
#define R_FD_SEEK (1ull << 2)
#define R_FD_TELL (1ull << 5)
#define R_FD_WRITE (1ull << 6)
#define R_FD_ALLOCATE (1ull << 8)
#define R_FD_READDIR (1ull << 14)
#define R_FD_FILESTAT_SET_SIZE (1ull << 22)
#define R_ALL ((1ull << 30) - 1)
/* Rights that make sense on a regular file / on a directory. */
#define R_FILE (R_ALL & ~((1ull << 9) | (1ull << 10) | (1ull << 11) | (1ull << 12) | (1ull << 13) | \
                          R_FD_READDIR | (1ull << 15) | (1ull << 16) | (1ull << 17) | (1ull << 18) | \
                          (1ull << 19) | (1ull << 20) | (1ull << 24) | (1ull << 25) | (1ull << 26) | \
                          (1ull << 28) | (1ull << 29)))
#define R_DIR (R_ALL & ~(R_FD_READ | R_FD_SEEK | R_FD_WRITE | R_FD_ALLOCATE | R_FD_FILESTAT_SET_SIZE | \
                         (1ull << 27) | (1ull << 28) | (1ull << 29)))

enum { O_CREAT_W = 1, O_DIRECTORY_W = 2, O_EXCL_W = 4, O_TRUNC_W = 8 };
enum { FDF_APPEND = 1, FDF_DSYNC = 2, FDF_NONBLOCK = 4, FDF_RSYNC = 8, FDF_SYNC = 16 };
enum { LOOKUP_FOLLOW = 1 };
enum { FST_ATIM = 1, FST_ATIM_NOW = 2, FST_MTIM = 4, FST_MTIM_NOW = 8 };

#define MAX_SYMLINKS 40

/* ---- State -------------------------------------------------------------- */

typedef struct {
    int used;
    int host;       /* host fd */
    int own;        /* we close it */
    uint8_t type;   /* WASI filetype */
    char *preopen;  /* guest name when a preopened directory */
    uint64_t rights_base, rights_inh;
    DIR *dir;       /* fd_readdir state: a stream over a dup of host */
    uint64_t dir_pos;
} wfd;

typedef struct {
    const char *name;
    const char *sig; /* parameter codes ('i' i32, 'I' i64), then ':' and the result codes */
    w2cl_fnptr fn;
    w2cl_dyncall dyncall;
} wasi_func;

#define NFUNCS 46

struct w2cl_wasi {
    w2cl_memory *mem;
    int argc, envc;
    char **argv, **envp;
    wfd *fds;
    uint32_t nfds;
    int exited;
    uint32_t exit_code;
    w2cl_funcref refs[NFUNCS];
    w2cl_functype types[NFUNCS];
    uint8_t typecodes[NFUNCS][12];
    w2cl_extern externs[NFUNCS];
};

/* ---- Guest memory ------------------------------------------------------- */

static uint8_t *gmem(w2cl_wasi *w, uint32_t ptr, uint64_t len) {
    static uint8_t empty;
    if (!w->mem || (uint64_t)ptr + len > w->mem->size)
        return NULL;
    if (!w->mem->data)
        return &empty; /* a zero-length range of a zero-size memory */
    return w->mem->data + ptr;
}

static void st16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void st32(uint8_t *p, uint32_t v) {
    int i;
    for (i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static void st64(uint8_t *p, uint64_t v) {
    int i;
    for (i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static uint16_t ld16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static uint32_t ld32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static uint64_t ld64(const uint8_t *p) { return (uint64_t)ld32(p) | ((uint64_t)ld32(p + 4) << 32); }

/* Stores a u32 result at a guest address; EFAULT when out of range. */
static uint32_t put32(w2cl_wasi *w, uint32_t ptr, uint32_t v) {
    uint8_t *p = gmem(w, ptr, 4);
    if (!p)
        return E_FAULT;
    st32(p, v);
    return E_SUCCESS;
}
static uint32_t put64(w2cl_wasi *w, uint32_t ptr, uint64_t v) {
    uint8_t *p = gmem(w, ptr, 8);
    if (!p)
        return E_FAULT;
    st64(p, v);
    return E_SUCCESS;
}

/* ---- errno mapping ------------------------------------------------------ */

static uint32_t werr(int e) {
    switch (e) {
    case 0: return E_SUCCESS;
    case E2BIG: return E_2BIG;
    case EACCES: return E_ACCES;
    case EADDRINUSE: return E_ADDRINUSE;
    case EADDRNOTAVAIL: return E_ADDRNOTAVAIL;
    case EAFNOSUPPORT: return E_AFNOSUPPORT;
    case EAGAIN: return E_AGAIN;
#if defined(EWOULDBLOCK) && EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK: return E_AGAIN;
#endif
    case EALREADY: return E_ALREADY;
    case EBADF: return E_BADF;
    case EBADMSG: return E_BADMSG;
    case EBUSY: return E_BUSY;
    case ECANCELED: return E_CANCELED;
    case ECHILD: return E_CHILD;
    case ECONNABORTED: return E_CONNABORTED;
    case ECONNREFUSED: return E_CONNREFUSED;
    case ECONNRESET: return E_CONNRESET;
    case EDEADLK: return E_DEADLK;
    case EDESTADDRREQ: return E_DESTADDRREQ;
    case EDOM: return E_DOM;
    case EDQUOT: return E_DQUOT;
    case EEXIST: return E_EXIST;
    case EFAULT: return E_FAULT;
    case EFBIG: return E_FBIG;
    case EHOSTUNREACH: return E_HOSTUNREACH;
    case EIDRM: return E_IDRM;
    case EILSEQ: return E_ILSEQ;
    case EINPROGRESS: return E_INPROGRESS;
    case EINTR: return E_INTR;
    case EINVAL: return E_INVAL;
    case EIO: return E_IO;
    case EISCONN: return E_ISCONN;
    case EISDIR: return E_ISDIR;
    case ELOOP: return E_LOOP;
    case EMFILE: return E_MFILE;
    case EMLINK: return E_MLINK;
    case EMSGSIZE: return E_MSGSIZE;
    case ENAMETOOLONG: return E_NAMETOOLONG;
    case ENETDOWN: return E_NETDOWN;
    case ENETRESET: return E_NETRESET;
    case ENETUNREACH: return E_NETUNREACH;
    case ENFILE: return E_NFILE;
    case ENOBUFS: return E_NOBUFS;
    case ENODEV: return E_NODEV;
    case ENOENT: return E_NOENT;
    case ENOEXEC: return E_NOEXEC;
    case ENOLCK: return E_NOLCK;
    case ENOMEM: return E_NOMEM;
    case ENOSPC: return E_NOSPC;
    case ENOSYS: return E_NOSYS;
    case ENOTCONN: return E_NOTCONN;
    case ENOTDIR: return E_NOTDIR;
    case ENOTEMPTY: return E_NOTEMPTY;
    case ENOTSOCK: return E_NOTSOCK;
    case ENOTSUP: return E_NOTSUP;
#if defined(EOPNOTSUPP) && EOPNOTSUPP != ENOTSUP
    case EOPNOTSUPP: return E_NOTSUP;
#endif
    case ENOTTY: return E_NOTTY;
    case ENXIO: return E_NXIO;
    case EOVERFLOW: return E_OVERFLOW;
    case EPERM: return E_PERM;
    case EPIPE: return E_PIPE;
    case EPROTO: return E_PROTO;
    case EPROTONOSUPPORT: return E_PROTONOSUPPORT;
    case EPROTOTYPE: return E_PROTOTYPE;
    case ERANGE: return E_RANGE;
    case EROFS: return E_ROFS;
    case ESPIPE: return E_SPIPE;
    case ESRCH: return E_SRCH;
    case ESTALE: return E_STALE;
    case ETIMEDOUT: return E_TIMEDOUT;
    case ETXTBSY: return E_TXTBSY;
    case EXDEV: return E_XDEV;
    default: return E_IO;
    }
}

#define ERRNO() werr(errno)

/* ---- File descriptor table ---------------------------------------------- */

static wfd *getfd(w2cl_wasi *w, uint32_t fd) {
    if (fd >= w->nfds || !w->fds[fd].used)
        return NULL;
    return &w->fds[fd];
}

static uint8_t filetype_of(mode_t m) {
    if (S_ISREG(m)) return FT_REG;
    if (S_ISDIR(m)) return FT_DIR;
    if (S_ISCHR(m)) return FT_CHAR;
    if (S_ISBLK(m)) return FT_BLOCK;
    if (S_ISLNK(m)) return FT_SYMLINK;
#ifdef S_ISSOCK
    if (S_ISSOCK(m)) return FT_STREAM;
#endif
    return FT_UNKNOWN;
}

/* Lowest free guest fd, growing the table; -1 when out of memory. */
static int64_t alloc_fd(w2cl_wasi *w) {
    uint32_t i, n;
    wfd *nf;
    for (i = 0; i < w->nfds; i++)
        if (!w->fds[i].used)
            return i;
    if (w->nfds >= 0x10000000u)
        return -1;
    n = w->nfds ? w->nfds * 2 : 8;
    nf = realloc(w->fds, n * sizeof *nf);
    if (!nf)
        return -1;
    memset(nf + w->nfds, 0, (n - w->nfds) * sizeof *nf);
    w->fds = nf;
    i = w->nfds;
    w->nfds = n;
    return i;
}

static void release_fd(wfd *f) {
    if (f->dir)
        closedir(f->dir);
    if (f->own && f->host >= 0)
        close(f->host);
    free(f->preopen);
    memset(f, 0, sizeof *f);
}

/* ---- Path resolution (the sandbox) -------------------------------------- */

typedef struct {
    int dirfd;    /* directory the final component lives in */
    int own_dir;  /* dirfd must be closed */
    char *name;   /* final component (points into buf), "." for the directory itself */
    char *buf;
    size_t depth; /* directories between the starting fd and dirfd */
} rpath;

static void rpath_free(rpath *r) {
    if (r->own_dir)
        close(r->dirfd);
    free(r->buf);
}

#ifdef O_PATH
#define DIR_WALK_FLAGS (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#else
#define DIR_WALK_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#endif

/*
 * Resolves guest path (ptr, len) relative to guest directory fd `fd`. Walks
 * one component at a time with O_NOFOLLOW: "." is skipped, ".." pops a
 * directory (never above the starting one), symlinks are read and spliced
 * into the rest of the path (absolute targets refused). The final component
 * is followed only when `follow`. On success the caller operates on
 * (dirfd, name) without following symlinks.
 */
static uint32_t resolve(w2cl_wasi *w, uint32_t fd, uint32_t ptr, uint32_t len, int follow, rpath *out) {
    wfd *f = getfd(w, fd);
    const uint8_t *g;
    char *rest, *comp, *next;
    int *stack = NULL;
    size_t depth = 0, cap = 0, i;
    int links = 0;
    uint32_t err = E_SUCCESS;

    memset(out, 0, sizeof *out);
    if (!f)
        return E_BADF;
    if (f->type != FT_DIR)
        return E_NOTDIR;
    g = gmem(w, ptr, len);
    if (!g)
        return E_FAULT;
    if (len == 0)
        return E_NOENT;
    if (memchr(g, 0, len))
        return E_ILSEQ;
    if (g[0] == '/')
        return E_NOTCAPABLE;
    rest = malloc((size_t)len + 1);
    if (!rest)
        return E_NOMEM;
    memcpy(rest, g, len);
    rest[len] = 0;

#define TOP (depth ? stack[depth - 1] : f->host)
    comp = rest;
    for (;;) {
        int last, trailing;
        struct stat st;
        while (*comp == '/')
            comp++;
        if (*comp == 0) { /* the path ended at a directory ("", "a/", "a/.") */
            out->name = ".";
            break;
        }
        next = comp;
        while (*next && *next != '/')
            next++;
        trailing = *next == '/';
        if (*next)
            *next++ = 0;
        {
            const char *p = next;
            while (*p == '/')
                p++;
            last = *p == 0;
        }
        if (strcmp(comp, ".") == 0) {
            if (last) {
                out->name = ".";
                break;
            }
            comp = next;
            continue;
        }
        if (strcmp(comp, "..") == 0) {
            if (depth == 0) {
                err = E_NOTCAPABLE;
                goto fail;
            }
            close(stack[--depth]);
            if (last) {
                out->name = ".";
                break;
            }
            comp = next;
            continue;
        }
        if (last && !follow && !trailing) {
            out->name = comp;
            break;
        }
        if (fstatat(TOP, comp, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (last && errno == ENOENT) { /* to be created */
                out->name = comp;
                break;
            }
            err = ERRNO();
            goto fail;
        }
        if (S_ISLNK(st.st_mode)) {
            char *target, *nrest;
            ssize_t n;
            size_t tl, rl;
            if (++links > MAX_SYMLINKS) {
                err = E_LOOP;
                goto fail;
            }
            target = malloc(PATH_MAX + 1);
            if (!target) {
                err = E_NOMEM;
                goto fail;
            }
            n = readlinkat(TOP, comp, target, PATH_MAX);
            if (n < 0) {
                err = ERRNO();
                free(target);
                goto fail;
            }
            target[n] = 0;
            if (n == 0 || target[0] == '/') {
                free(target);
                err = n == 0 ? E_NOENT : E_NOTCAPABLE;
                goto fail;
            }
            /* new rest = target [+ "/" + old rest] */
            tl = (size_t)n;
            rl = strlen(next);
            nrest = malloc(tl + rl + 3);
            if (!nrest) {
                free(target);
                err = E_NOMEM;
                goto fail;
            }
            memcpy(nrest, target, tl);
            if (trailing || rl) {
                nrest[tl] = '/';
                memcpy(nrest + tl + 1, next, rl + 1);
            } else {
                nrest[tl] = 0;
            }
            free(target);
            free(rest);
            rest = comp = nrest;
            continue;
        }
        if (last) {
            if (trailing && !S_ISDIR(st.st_mode)) { /* "file/" */
                err = E_NOTDIR;
                goto fail;
            }
            out->name = comp;
            break;
        }
        if (!S_ISDIR(st.st_mode)) {
            err = E_NOTDIR;
            goto fail;
        }
        if (depth == cap) {
            int *ns = realloc(stack, (cap ? cap * 2 : 8) * sizeof *ns);
            if (!ns) {
                err = E_NOMEM;
                goto fail;
            }
            stack = ns;
            cap = cap ? cap * 2 : 8;
        }
        {
            int nfd = openat(TOP, comp, DIR_WALK_FLAGS);
            if (nfd < 0) {
                err = ERRNO();
                goto fail;
            }
            stack[depth++] = nfd;
        }
        comp = next;
    }
    out->dirfd = TOP;
    out->own_dir = depth > 0;
    out->depth = depth;
    for (i = 0; i + 1 < depth; i++)
        close(stack[i]);
    free(stack);
    out->buf = rest;
    return E_SUCCESS;
#undef TOP
fail:
    for (i = 0; i < depth; i++)
        close(stack[i]);
    free(stack);
    free(rest);
    memset(out, 0, sizeof *out);
    return err;
}

/* ---- args, environ ------------------------------------------------------ */

static uint32_t strings_sizes(w2cl_wasi *w, int n, char **v, uint32_t count_ptr, uint32_t size_ptr) {
    uint64_t total = 0;
    int i;
    uint32_t e;
    for (i = 0; i < n; i++)
        total += strlen(v[i]) + 1;
    if ((e = put32(w, count_ptr, (uint32_t)n)) != 0)
        return e;
    return put32(w, size_ptr, (uint32_t)total);
}

static uint32_t strings_get(w2cl_wasi *w, int n, char **v, uint32_t ptrs, uint32_t buf) {
    int i;
    uint8_t *pp = gmem(w, ptrs, (uint64_t)n * 4);
    if (!pp)
        return E_FAULT;
    for (i = 0; i < n; i++) {
        size_t l = strlen(v[i]) + 1;
        uint8_t *b = gmem(w, buf, l);
        if (!b)
            return E_FAULT;
        memcpy(b, v[i], l);
        st32(pp + 4 * i, buf);
        buf += (uint32_t)l;
    }
    return E_SUCCESS;
}

static uint32_t w_args_sizes_get(void *ctx, uint32_t a, uint32_t b) {
    w2cl_wasi *w = ctx;
    return strings_sizes(w, w->argc, w->argv, a, b);
}
static uint32_t w_args_get(void *ctx, uint32_t a, uint32_t b) {
    w2cl_wasi *w = ctx;
    return strings_get(w, w->argc, w->argv, a, b);
}
static uint32_t w_environ_sizes_get(void *ctx, uint32_t a, uint32_t b) {
    w2cl_wasi *w = ctx;
    return strings_sizes(w, w->envc, w->envp, a, b);
}
static uint32_t w_environ_get(void *ctx, uint32_t a, uint32_t b) {
    w2cl_wasi *w = ctx;
    return strings_get(w, w->envc, w->envp, a, b);
}

/* ---- clocks ------------------------------------------------------------- */

static int host_clock(uint32_t id, clockid_t *out) {
    switch (id) {
    case 0: *out = CLOCK_REALTIME; return 1;
    case 1: *out = CLOCK_MONOTONIC; return 1;
#ifdef CLOCK_PROCESS_CPUTIME_ID
    case 2: *out = CLOCK_PROCESS_CPUTIME_ID; return 1;
#endif
#ifdef CLOCK_THREAD_CPUTIME_ID
    case 3: *out = CLOCK_THREAD_CPUTIME_ID; return 1;
#endif
    default: return 0;
    }
}

static uint64_t ts_ns(const struct timespec *t) {
    return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
}

static uint64_t now_ns(clockid_t c) {
    struct timespec t;
    if (clock_gettime(c, &t) != 0)
        return 0;
    return ts_ns(&t);
}

static uint32_t w_clock_res_get(void *ctx, uint32_t id, uint32_t res) {
    clockid_t c;
    struct timespec t;
    if (!host_clock(id, &c))
        return E_INVAL;
    if (clock_getres(c, &t) != 0)
        return ERRNO();
    return put64(ctx, res, ts_ns(&t));
}

static uint32_t w_clock_time_get(void *ctx, uint32_t id, uint64_t precision, uint32_t out) {
    clockid_t c;
    struct timespec t;
    (void)precision;
    if (!host_clock(id, &c))
        return E_INVAL;
    if (clock_gettime(c, &t) != 0)
        return ERRNO();
    return put64(ctx, out, ts_ns(&t));
}

/* ---- fd operations ------------------------------------------------------ */

#define GETFD(f, fd)                                                                                  \
    wfd *f = getfd((w2cl_wasi *)ctx, fd);                                                             \
    if (!f)                                                                                           \
    return E_BADF

static uint32_t w_fd_advise(void *ctx, uint32_t fd, uint64_t off, uint64_t len, uint32_t advice) {
    GETFD(f, fd);
    (void)off;
    (void)len;
    if (advice > 5)
        return E_INVAL;
    if (f->type == FT_DIR)
        return E_BADF;
    return E_SUCCESS; /* advice only */
}

static uint32_t w_fd_allocate(void *ctx, uint32_t fd, uint64_t off, uint64_t len) {
    struct stat st;
    GETFD(f, fd);
    if (off > (uint64_t)INT64_MAX || len > (uint64_t)INT64_MAX - off)
        return E_INVAL;
    if (fstat(f->host, &st) != 0)
        return ERRNO();
    if (!S_ISREG(st.st_mode))
        return S_ISDIR(st.st_mode) ? E_BADF : E_NODEV;
    if ((uint64_t)st.st_size < off + len && ftruncate(f->host, (off_t)(off + len)) != 0)
        return ERRNO();
    return E_SUCCESS;
}

static uint32_t w_fd_close(void *ctx, uint32_t fd) {
    GETFD(f, fd);
    release_fd(f);
    return E_SUCCESS;
}

static uint32_t w_fd_datasync(void *ctx, uint32_t fd) {
    GETFD(f, fd);
#if defined(__linux__)
    if (fdatasync(f->host) != 0)
#else
    if (fsync(f->host) != 0)
#endif
        return ERRNO();
    return E_SUCCESS;
}

static uint32_t w_fd_sync(void *ctx, uint32_t fd) {
    GETFD(f, fd);
    if (fsync(f->host) != 0)
        return ERRNO();
    return E_SUCCESS;
}

static uint32_t w_fd_fdstat_get(void *ctx, uint32_t fd, uint32_t out) {
    uint8_t *p;
    int fl;
    uint16_t flags = 0;
    uint64_t base;
    GETFD(f, fd);
    p = gmem(ctx, out, 24);
    if (!p)
        return E_FAULT;
    fl = fcntl(f->host, F_GETFL);
    if (fl < 0)
        return ERRNO();
    if (fl & O_APPEND) flags |= FDF_APPEND;
    if (fl & O_NONBLOCK) flags |= FDF_NONBLOCK;
#ifdef O_DSYNC
    if (fl & O_DSYNC) flags |= FDF_DSYNC;
#endif
#if defined(O_SYNC) && O_SYNC
    if ((fl & O_SYNC) == O_SYNC) flags |= FDF_SYNC;
#endif
    base = f->rights_base;
    if (f->type == FT_CHAR) /* what isatty() looks at: no seek/tell on a terminal */
        base &= ~(R_FD_SEEK | R_FD_TELL);
    memset(p, 0, 24);
    p[0] = f->type;
    st16(p + 2, flags);
    st64(p + 8, base);
    st64(p + 16, f->rights_inh);
    return E_SUCCESS;
}

static uint32_t w_fd_fdstat_set_flags(void *ctx, uint32_t fd, uint32_t flags) {
    int fl;
    GETFD(f, fd);
    if (flags & ~(uint32_t)(FDF_APPEND | FDF_NONBLOCK))
        return E_NOTSUP;
    fl = fcntl(f->host, F_GETFL);
    if (fl < 0)
        return ERRNO();
    fl &= ~(O_APPEND | O_NONBLOCK);
    if (flags & FDF_APPEND) fl |= O_APPEND;
    if (flags & FDF_NONBLOCK) fl |= O_NONBLOCK;
    if (fcntl(f->host, F_SETFL, fl) != 0)
        return ERRNO();
    return E_SUCCESS;
}

static uint32_t w_fd_fdstat_set_rights(void *ctx, uint32_t fd, uint64_t base, uint64_t inh) {
    GETFD(f, fd);
    if ((base & ~f->rights_base) || (inh & ~f->rights_inh))
        return E_NOTCAPABLE; /* rights may only shrink */
    f->rights_base = base;
    f->rights_inh = inh;
    return E_SUCCESS;
}

static void put_filestat(uint8_t *p, const struct stat *st) {
    memset(p, 0, 64);
    st64(p + 0, (uint64_t)st->st_dev);
    st64(p + 8, (uint64_t)st->st_ino);
    p[16] = filetype_of(st->st_mode);
    st64(p + 24, (uint64_t)st->st_nlink);
    st64(p + 32, (uint64_t)st->st_size);
#if defined(__APPLE__)
    st64(p + 40, ts_ns(&st->st_atimespec));
    st64(p + 48, ts_ns(&st->st_mtimespec));
    st64(p + 56, ts_ns(&st->st_ctimespec));
#else
    st64(p + 40, ts_ns(&st->st_atim));
    st64(p + 48, ts_ns(&st->st_mtim));
    st64(p + 56, ts_ns(&st->st_ctim));
#endif
}

static uint32_t w_fd_filestat_get(void *ctx, uint32_t fd, uint32_t out) {
    struct stat st;
    uint8_t *p;
    GETFD(f, fd);
    p = gmem(ctx, out, 64);
    if (!p)
        return E_FAULT;
    if (fstat(f->host, &st) != 0)
        return ERRNO();
    put_filestat(p, &st);
    return E_SUCCESS;
}

static uint32_t w_fd_filestat_set_size(void *ctx, uint32_t fd, uint64_t size) {
    GETFD(f, fd);
    if (size > (uint64_t)INT64_MAX)
        return E_INVAL;
    if (ftruncate(f->host, (off_t)size) != 0)
        return ERRNO();
    return E_SUCCESS;
}

/* timespec pair for futimens/utimensat from WASI times and fstflags. */
static uint32_t make_times(struct timespec ts[2], uint64_t atim, uint64_t mtim, uint32_t fl) {
    if (fl & ~(uint32_t)15 || ((fl & FST_ATIM) && (fl & FST_ATIM_NOW)) ||
        ((fl & FST_MTIM) && (fl & FST_MTIM_NOW)))
        return E_INVAL;
    ts[0].tv_sec = (time_t)(atim / 1000000000u);
    ts[0].tv_nsec = (long)(atim % 1000000000u);
    ts[1].tv_sec = (time_t)(mtim / 1000000000u);
    ts[1].tv_nsec = (long)(mtim % 1000000000u);
    if (fl & FST_ATIM_NOW) ts[0].tv_nsec = UTIME_NOW;
    else if (!(fl & FST_ATIM)) ts[0].tv_nsec = UTIME_OMIT;
    if (fl & FST_MTIM_NOW) ts[1].tv_nsec = UTIME_NOW;
    else if (!(fl & FST_MTIM)) ts[1].tv_nsec = UTIME_OMIT;
    return E_SUCCESS;
}

static uint32_t w_fd_filestat_set_times(void *ctx, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fl) {
    struct timespec ts[2];
    uint32_t e;
    GETFD(f, fd);
    if ((e = make_times(ts, atim, mtim, fl)) != 0)
        return e;
    if (futimens(f->host, ts) != 0)
        return ERRNO();
    return E_SUCCESS;
}

/* Gathers guest iovecs into host ones (at most IOV_MAX: a short transfer is allowed). */
#ifndef IOV_MAX
#define IOV_MAX 1024
#endif
static uint32_t gather(w2cl_wasi *w, uint32_t iovs, uint32_t n, struct iovec **out, int *count) {
    uint8_t *p = gmem(w, iovs, (uint64_t)n * 8);
    struct iovec *v;
    uint32_t i, k = 0;
    uint64_t total = 0;
    *out = NULL;
    *count = 0;
    if (!p)
        return E_FAULT;
    if (n > IOV_MAX)
        n = IOV_MAX;
    v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return E_NOMEM;
    for (i = 0; i < n; i++) {
        uint32_t b = ld32(p + 8 * i), l = ld32(p + 8 * i + 4);
        uint8_t *hb = gmem(w, b, l);
        if (!hb) {
            free(v);
            return E_FAULT;
        }
        if (total + l > (uint64_t)SSIZE_MAX)
            break;
        total += l;
        v[k].iov_base = hb;
        v[k].iov_len = l;
        k++;
    }
    *out = v;
    *count = (int)k;
    return E_SUCCESS;
}

static uint32_t w_fd_read(void *ctx, uint32_t fd, uint32_t iovs, uint32_t n, uint32_t nread) {
    struct iovec *v;
    int cnt;
    ssize_t r;
    uint32_t e;
    GETFD(f, fd);
    if (!gmem(ctx, nread, 4))
        return E_FAULT;
    if (f->type == FT_DIR)
        return E_ISDIR;
    if ((e = gather(ctx, iovs, n, &v, &cnt)) != 0)
        return e;
    do
        r = cnt ? readv(f->host, v, cnt) : 0;
    while (r < 0 && errno == EINTR);
    free(v);
    if (r < 0)
        return ERRNO();
    return put32(ctx, nread, (uint32_t)r);
}

static uint32_t w_fd_write(void *ctx, uint32_t fd, uint32_t iovs, uint32_t n, uint32_t nwritten) {
    struct iovec *v;
    int cnt;
    ssize_t r;
    uint32_t e;
    GETFD(f, fd);
    if (!gmem(ctx, nwritten, 4))
        return E_FAULT;
    if (f->type == FT_DIR)
        return E_ISDIR;
    if ((e = gather(ctx, iovs, n, &v, &cnt)) != 0)
        return e;
    do
        r = cnt ? writev(f->host, v, cnt) : 0;
    while (r < 0 && errno == EINTR);
    free(v);
    if (r < 0)
        return ERRNO();
    return put32(ctx, nwritten, (uint32_t)r);
}

static uint32_t w_fd_pread(void *ctx, uint32_t fd, uint32_t iovs, uint32_t n, uint64_t off, uint32_t nread) {
    struct iovec *v;
    int cnt, i;
    uint64_t total = 0;
    uint32_t e, err = 0;
    GETFD(f, fd);
    if (!gmem(ctx, nread, 4))
        return E_FAULT;
    if (f->type == FT_DIR)
        return E_ISDIR;
    if (off > (uint64_t)INT64_MAX)
        return E_INVAL;
    if ((e = gather(ctx, iovs, n, &v, &cnt)) != 0)
        return e;
    for (i = 0; i < cnt; i++) {
        ssize_t r = pread(f->host, v[i].iov_base, v[i].iov_len, (off_t)(off + total));
        if (r < 0) {
            if (errno == EINTR) {
                i--;
                continue;
            }
            if (!total)
                err = ERRNO();
            break;
        }
        total += (uint64_t)r;
        if ((size_t)r < v[i].iov_len)
            break;
    }
    free(v);
    if (err)
        return err;
    return put32(ctx, nread, (uint32_t)total);
}

static uint32_t w_fd_pwrite(void *ctx, uint32_t fd, uint32_t iovs, uint32_t n, uint64_t off, uint32_t nw) {
    struct iovec *v;
    int cnt, i;
    uint64_t total = 0;
    uint32_t e, err = 0;
    GETFD(f, fd);
    if (!gmem(ctx, nw, 4))
        return E_FAULT;
    if (f->type == FT_DIR)
        return E_ISDIR;
    if (off > (uint64_t)INT64_MAX)
        return E_INVAL;
    if ((e = gather(ctx, iovs, n, &v, &cnt)) != 0)
        return e;
    for (i = 0; i < cnt; i++) {
        ssize_t r = pwrite(f->host, v[i].iov_base, v[i].iov_len, (off_t)(off + total));
        if (r < 0) {
            if (errno == EINTR) {
                i--;
                continue;
            }
            if (!total)
                err = ERRNO();
            break;
        }
        total += (uint64_t)r;
        if ((size_t)r < v[i].iov_len)
            break;
    }
    free(v);
    if (err)
        return err;
    return put32(ctx, nw, (uint32_t)total);
}

static uint32_t w_fd_prestat_get(void *ctx, uint32_t fd, uint32_t out) {
    uint8_t *p;
    GETFD(f, fd);
    if (!f->preopen)
        return E_BADF;
    p = gmem(ctx, out, 8);
    if (!p)
        return E_FAULT;
    memset(p, 0, 8);
    p[0] = 0; /* preopentype dir */
    st32(p + 4, (uint32_t)strlen(f->preopen));
    return E_SUCCESS;
}

static uint32_t w_fd_prestat_dir_name(void *ctx, uint32_t fd, uint32_t path, uint32_t len) {
    uint8_t *p;
    size_t l;
    GETFD(f, fd);
    if (!f->preopen)
        return E_BADF;
    l = strlen(f->preopen);
    if (len < l)
        return E_NAMETOOLONG;
    p = gmem(ctx, path, l);
    if (!p)
        return E_FAULT;
    memcpy(p, f->preopen, l);
    return E_SUCCESS;
}

static uint32_t w_fd_readdir(void *ctx, uint32_t fd, uint32_t buf, uint32_t len, uint64_t cookie,
                             uint32_t used_ptr) {
    uint8_t *out;
    uint32_t used = 0;
    GETFD(f, fd);
    out = gmem(ctx, buf, len);
    if (!out || !gmem(ctx, used_ptr, 4))
        return E_FAULT;
    if (f->type != FT_DIR)
        return E_NOTDIR;
    if (!f->dir) {
        int d = dup(f->host);
        if (d < 0)
            return ERRNO();
        f->dir = fdopendir(d);
        if (!f->dir) {
            uint32_t e = ERRNO();
            close(d);
            return e;
        }
        rewinddir(f->dir);
        f->dir_pos = 0;
    }
    if (cookie != f->dir_pos) {
        rewinddir(f->dir);
        f->dir_pos = 0;
        while (f->dir_pos < cookie) {
            errno = 0;
            if (!readdir(f->dir)) {
                if (errno)
                    return ERRNO();
                break;
            }
            f->dir_pos++;
        }
    }
    while (used < len) {
        struct dirent *de;
        uint8_t hdr[24];
        size_t nl, take;
        uint8_t type = FT_UNKNOWN;
        errno = 0;
        de = readdir(f->dir);
        if (!de) {
            if (errno)
                return ERRNO();
            break;
        }
        f->dir_pos++;
        nl = strlen(de->d_name);
#ifdef DT_DIR
        switch (de->d_type) {
        case DT_REG: type = FT_REG; break;
        case DT_DIR: type = FT_DIR; break;
        case DT_LNK: type = FT_SYMLINK; break;
        case DT_CHR: type = FT_CHAR; break;
        case DT_BLK: type = FT_BLOCK; break;
#ifdef DT_SOCK
        case DT_SOCK: type = FT_STREAM; break;
#endif
        default: {
            struct stat st;
            if (fstatat(f->host, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
                type = filetype_of(st.st_mode);
        }
        }
#else
        {
            struct stat st;
            if (fstatat(f->host, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
                type = filetype_of(st.st_mode);
        }
#endif
        memset(hdr, 0, sizeof hdr);
        st64(hdr, f->dir_pos);
        st64(hdr + 8, (uint64_t)de->d_ino);
        st32(hdr + 16, (uint32_t)nl);
        hdr[20] = type;
        take = len - used < 24 ? len - used : 24;
        memcpy(out + used, hdr, take);
        used += (uint32_t)take;
        take = len - used < nl ? len - used : nl;
        memcpy(out + used, de->d_name, take);
        used += (uint32_t)take;
    }
    return put32(ctx, used_ptr, used);
}

static uint32_t w_fd_renumber(void *ctx, uint32_t from, uint32_t to) {
    w2cl_wasi *w = ctx;
    wfd *a = getfd(w, from), *b = getfd(w, to);
    if (!a || !b)
        return E_BADF;
    if (from == to)
        return E_SUCCESS;
    release_fd(b);
    *b = *a;
    memset(a, 0, sizeof *a);
    return E_SUCCESS;
}

static uint32_t w_fd_seek(void *ctx, uint32_t fd, uint64_t off, uint32_t whence, uint32_t out) {
    int wh;
    off_t r;
    GETFD(f, fd);
    if (!gmem(ctx, out, 8))
        return E_FAULT;
    switch (whence) {
    case 0: wh = SEEK_SET; break;
    case 1: wh = SEEK_CUR; break;
    case 2: wh = SEEK_END; break;
    default: return E_INVAL;
    }
    if (f->type == FT_DIR)
        return E_BADF;
    r = lseek(f->host, (off_t)(int64_t)off, wh);
    if (r < 0)
        return ERRNO();
    return put64(ctx, out, (uint64_t)r);
}

static uint32_t w_fd_tell(void *ctx, uint32_t fd, uint32_t out) {
    off_t r;
    GETFD(f, fd);
    if (!gmem(ctx, out, 8))
        return E_FAULT;
    if (f->type == FT_DIR)
        return E_BADF;
    r = lseek(f->host, 0, SEEK_CUR);
    if (r < 0)
        return ERRNO();
    return put64(ctx, out, (uint64_t)r);
}

/* ---- path operations ---------------------------------------------------- */

static uint32_t w_path_create_directory(void *ctx, uint32_t fd, uint32_t path, uint32_t len) {
    rpath r;
    uint32_t e = resolve(ctx, fd, path, len, 0, &r);
    if (e)
        return e;
    if (mkdirat(r.dirfd, r.name, 0777) != 0)
        e = ERRNO();
    rpath_free(&r);
    return e;
}

static uint32_t w_path_filestat_get(void *ctx, uint32_t fd, uint32_t flags, uint32_t path, uint32_t len,
                                    uint32_t out) {
    rpath r;
    struct stat st;
    uint8_t *p = gmem(ctx, out, 64);
    uint32_t e;
    if (!p)
        return E_FAULT;
    e = resolve(ctx, fd, path, len, flags & LOOKUP_FOLLOW, &r);
    if (e)
        return e;
    if (fstatat(r.dirfd, r.name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        e = ERRNO();
    else
        put_filestat(p, &st);
    rpath_free(&r);
    return e;
}

static uint32_t w_path_filestat_set_times(void *ctx, uint32_t fd, uint32_t flags, uint32_t path,
                                          uint32_t len, uint64_t atim, uint64_t mtim, uint32_t fl) {
    rpath r;
    struct timespec ts[2];
    uint32_t e = make_times(ts, atim, mtim, fl);
    if (e)
        return e;
    e = resolve(ctx, fd, path, len, flags & LOOKUP_FOLLOW, &r);
    if (e)
        return e;
    if (utimensat(r.dirfd, r.name, ts, AT_SYMLINK_NOFOLLOW) != 0)
        e = ERRNO();
    rpath_free(&r);
    return e;
}

static uint32_t w_path_link(void *ctx, uint32_t ofd, uint32_t oflags, uint32_t opath, uint32_t olen,
                            uint32_t nfd, uint32_t npath, uint32_t nlen) {
    rpath a, b;
    uint32_t e = resolve(ctx, ofd, opath, olen, oflags & LOOKUP_FOLLOW, &a);
    if (e)
        return e;
    e = resolve(ctx, nfd, npath, nlen, 0, &b);
    if (e) {
        rpath_free(&a);
        return e;
    }
    if (linkat(a.dirfd, a.name, b.dirfd, b.name, 0) != 0)
        e = ERRNO();
    rpath_free(&a);
    rpath_free(&b);
    return e;
}

static uint32_t w_path_open(void *ctx, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t len,
                            uint32_t oflags, uint64_t rbase, uint64_t rinh, uint32_t fdflags,
                            uint32_t out) {
    w2cl_wasi *w = ctx;
    rpath r;
    int fl = O_CLOEXEC | O_NOFOLLOW, hfd, rd, wr;
    struct stat st;
    int64_t gfd;
    wfd *nf, *dir;
    uint32_t e;
    if (!gmem(w, out, 4))
        return E_FAULT;
    dir = getfd(w, fd);
    if (!dir)
        return E_BADF;
    if (oflags & ~(uint32_t)15)
        return E_INVAL;
    rd = (rbase & (R_FD_READ | R_FD_READDIR)) != 0;
    wr = (rbase & (R_FD_DATASYNC | R_FD_WRITE | R_FD_ALLOCATE | R_FD_FILESTAT_SET_SIZE)) != 0;
    if (oflags & O_DIRECTORY_W) {
        fl |= O_DIRECTORY;
        wr = 0;
    }
    fl |= wr ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (oflags & O_CREAT_W) fl |= O_CREAT;
    if (oflags & O_EXCL_W) fl |= O_EXCL;
    if (oflags & O_TRUNC_W) fl |= O_TRUNC;
    if (fdflags & FDF_APPEND) fl |= O_APPEND;
    if (fdflags & FDF_NONBLOCK) fl |= O_NONBLOCK;
#ifdef O_DSYNC
    if (fdflags & FDF_DSYNC) fl |= O_DSYNC;
#endif
#ifdef O_RSYNC
    if (fdflags & FDF_RSYNC) fl |= O_RSYNC;
#endif
    if (fdflags & FDF_SYNC) fl |= O_SYNC;
    e = resolve(w, fd, path, len, dirflags & LOOKUP_FOLLOW, &r);
    if (e)
        return e;
    do
        hfd = openat(r.dirfd, r.name, fl, 0666);
    while (hfd < 0 && errno == EINTR);
    if (hfd < 0 && errno == EISDIR && (fl & O_ACCMODE) != O_RDONLY && !(oflags & O_CREAT_W)) {
        /* a directory opened with write rights: open it read-only (rights say what is allowed) */
        hfd = openat(r.dirfd, r.name, (fl & ~(O_ACCMODE | O_TRUNC)) | O_RDONLY | O_DIRECTORY, 0);
        if (hfd < 0)
            errno = EISDIR;
    }
    if (hfd < 0) {
        e = ERRNO();
        rpath_free(&r);
        return e;
    }
    rpath_free(&r);
    if (fstat(hfd, &st) != 0) {
        e = ERRNO();
        close(hfd);
        return e;
    }
    gfd = alloc_fd(w);
    if (gfd < 0) {
        close(hfd);
        return E_NFILE;
    }
    nf = &w->fds[gfd];
    memset(nf, 0, sizeof *nf);
    nf->used = 1;
    nf->own = 1;
    nf->host = hfd;
    nf->type = filetype_of(st.st_mode);
    nf->rights_base = rbase & (nf->type == FT_DIR ? R_DIR : R_ALL);
    nf->rights_inh = rinh;
    return put32(w, out, (uint32_t)gfd);
}

static uint32_t w_path_readlink(void *ctx, uint32_t fd, uint32_t path, uint32_t len, uint32_t buf,
                                uint32_t buflen, uint32_t used) {
    rpath r;
    uint8_t *b = gmem(ctx, buf, buflen);
    char *tmp;
    ssize_t n;
    uint32_t e;
    if (!b || !gmem(ctx, used, 4))
        return E_FAULT;
    e = resolve(ctx, fd, path, len, 0, &r);
    if (e)
        return e;
    tmp = malloc(PATH_MAX + 1);
    if (!tmp) {
        rpath_free(&r);
        return E_NOMEM;
    }
    n = readlinkat(r.dirfd, r.name, tmp, PATH_MAX);
    if (n < 0) {
        e = ERRNO();
    } else {
        if ((uint32_t)n > buflen)
            n = buflen;
        memcpy(b, tmp, (size_t)n);
        e = put32(ctx, used, (uint32_t)n);
    }
    free(tmp);
    rpath_free(&r);
    return e;
}

static uint32_t w_path_remove_directory(void *ctx, uint32_t fd, uint32_t path, uint32_t len) {
    rpath r;
    uint32_t e = resolve(ctx, fd, path, len, 0, &r);
    if (e)
        return e;
    if (unlinkat(r.dirfd, r.name, AT_REMOVEDIR) != 0)
        e = ERRNO();
    rpath_free(&r);
    return e;
}

static uint32_t w_path_rename(void *ctx, uint32_t fd, uint32_t opath, uint32_t olen, uint32_t nfd,
                              uint32_t npath, uint32_t nlen) {
    rpath a, b;
    uint32_t e = resolve(ctx, fd, opath, olen, 0, &a);
    if (e)
        return e;
    e = resolve(ctx, nfd, npath, nlen, 0, &b);
    if (e) {
        rpath_free(&a);
        return e;
    }
    if (renameat(a.dirfd, a.name, b.dirfd, b.name) != 0)
        e = ERRNO();
    rpath_free(&a);
    rpath_free(&b);
    return e;
}

/* Whether symlink text `t`, placed `depth` directories below the preopen,
   stays inside it when read lexically. Following a link is checked again by
   resolve(); refusing such links up front only keeps them from being made. */
static int target_inside(const char *t, size_t depth) {
    if (*t == '/')
        return 0;
    while (*t) {
        const char *e = t;
        while (*e && *e != '/')
            e++;
        if (e - t == 2 && t[0] == '.' && t[1] == '.') {
            if (depth == 0)
                return 0;
            depth--;
        } else if (!(e - t == 1 && t[0] == '.') && e != t) {
            depth++;
        }
        t = *e ? e + 1 : e;
    }
    return 1;
}

static uint32_t w_path_symlink(void *ctx, uint32_t opath, uint32_t olen, uint32_t fd, uint32_t npath,
                               uint32_t nlen) {
    rpath r;
    const uint8_t *g = gmem(ctx, opath, olen);
    char *target;
    uint32_t e;
    if (!g)
        return E_FAULT;
    if (memchr(g, 0, olen))
        return E_ILSEQ;
    target = malloc((size_t)olen + 1);
    if (!target)
        return E_NOMEM;
    memcpy(target, g, olen);
    target[olen] = 0;
    e = resolve(ctx, fd, npath, nlen, 0, &r);
    if (!e) {
        if (!target_inside(target, r.depth))
            e = E_NOTCAPABLE; /* absolute, or ".." above the preopen */
        else if (symlinkat(target, r.dirfd, r.name) != 0)
            e = ERRNO();
        rpath_free(&r);
    }
    free(target);
    return e;
}

static uint32_t w_path_unlink_file(void *ctx, uint32_t fd, uint32_t path, uint32_t len) {
    rpath r;
    uint32_t e = resolve(ctx, fd, path, len, 0, &r);
    if (e)
        return e;
    if (unlinkat(r.dirfd, r.name, 0) != 0)
        e = errno == EISDIR ? E_ISDIR : ERRNO();
    rpath_free(&r);
    return e;
}

/* ---- poll_oneoff -------------------------------------------------------- */

static uint32_t w_poll_oneoff(void *ctx, uint32_t in, uint32_t outp, uint32_t n, uint32_t nevents) {
    w2cl_wasi *w = ctx;
    uint8_t *sub = gmem(w, in, (uint64_t)n * 48), *ev = gmem(w, outp, (uint64_t)n * 32);
    struct pollfd *pfd = NULL;
    uint64_t *deadline = NULL; /* monotonic ns per clock subscription; 0 = not a clock */
    int *pidx = NULL;          /* pollfd index per subscription, -1 none */
    uint32_t *early = NULL;    /* immediate error per subscription */
    uint32_t i, npfd = 0, nev = 0, e = E_SUCCESS;
    uint64_t start, soonest = UINT64_MAX;
    int have_early = 0, have_clock = 0;

    if (!sub || !ev || !gmem(w, nevents, 4))
        return E_FAULT;
    if (n == 0)
        return E_INVAL;
    pfd = calloc(n, sizeof *pfd);
    deadline = calloc(n, sizeof *deadline);
    pidx = calloc(n, sizeof *pidx);
    early = calloc(n, sizeof *early);
    if (!pfd || !deadline || !pidx || !early) {
        e = E_NOMEM;
        goto done;
    }
    start = now_ns(CLOCK_MONOTONIC);
    for (i = 0; i < n; i++) {
        const uint8_t *s = sub + 48 * i;
        uint8_t tag = s[8];
        pidx[i] = -1;
        if (tag == 0) {
            clockid_t c;
            uint32_t id = ld32(s + 16);
            uint64_t timeout = ld64(s + 24), rel;
            uint16_t flags = ld16(s + 40);
            if (!host_clock(id, &c)) {
                early[i] = E_INVAL;
                have_early = 1;
                continue;
            }
            if (flags & 1) { /* absolute time on that clock */
                uint64_t now = now_ns(c);
                rel = timeout > now ? timeout - now : 0;
            } else {
                rel = timeout;
            }
            deadline[i] = start + rel < start ? UINT64_MAX : start + rel;
            if (deadline[i] == 0)
                deadline[i] = 1;
            if (deadline[i] < soonest)
                soonest = deadline[i];
            have_clock = 1;
        } else if (tag == 1 || tag == 2) {
            wfd *f = getfd(w, ld32(s + 16));
            if (!f) {
                early[i] = E_BADF;
                have_early = 1;
                continue;
            }
            pfd[npfd].fd = f->host;
            pfd[npfd].events = tag == 1 ? POLLIN : POLLOUT;
            pidx[i] = (int)npfd++;
        } else {
            early[i] = E_INVAL;
            have_early = 1;
        }
    }
    for (;;) {
        uint64_t now = now_ns(CLOCK_MONOTONIC);
        int ready = 0, timeout_ms;
        if (have_early)
            timeout_ms = 0;
        else if (!have_clock)
            timeout_ms = -1;
        else if (soonest <= now)
            timeout_ms = 0;
        else {
            uint64_t ms = (soonest - now + 999999u) / 1000000u;
            timeout_ms = ms > INT_MAX ? INT_MAX : (int)ms;
        }
        if (npfd) {
            int r = poll(pfd, npfd, timeout_ms);
            if (r < 0 && errno != EINTR) {
                e = ERRNO();
                goto done;
            }
            ready = r > 0;
        } else if (timeout_ms > 0) {
            uint64_t left = soonest - now;
            struct timespec ts;
            ts.tv_sec = (time_t)(left / 1000000000u);
            ts.tv_nsec = (long)(left % 1000000000u);
            nanosleep(&ts, NULL);
        } else if (timeout_ms < 0) {
            e = E_INVAL; /* nothing could ever complete */
            goto done;
        }
        now = now_ns(CLOCK_MONOTONIC);
        if (ready || have_early || (have_clock && now >= soonest))
            break;
    }
    {
        uint64_t now = now_ns(CLOCK_MONOTONIC);
        for (i = 0; i < n; i++) {
            const uint8_t *s = sub + 48 * i;
            uint8_t *o = ev + 32 * nev;
            int fire = 0;
            uint16_t err = 0, rwflags = 0;
            if (early[i]) {
                fire = 1;
                err = (uint16_t)early[i];
            } else if (deadline[i]) {
                fire = now >= deadline[i];
            } else if (pidx[i] >= 0) {
                short re = pfd[pidx[i]].revents;
                if (re & POLLNVAL) {
                    fire = 1;
                    err = E_BADF;
                } else if (re & (POLLIN | POLLOUT | POLLHUP | POLLERR)) {
                    fire = 1;
                    if (re & POLLHUP)
                        rwflags = 1;
                }
            }
            if (!fire)
                continue;
            memset(o, 0, 32);
            memcpy(o, s, 8); /* userdata */
            st16(o + 8, err);
            o[10] = s[8];
            if (s[8] != 0)
                st16(o + 24, rwflags);
            nev++;
        }
    }
    e = put32(w, nevents, nev);
done:
    free(pfd);
    free(deadline);
    free(pidx);
    free(early);
    return e;
}

/* ---- process, random, sockets ------------------------------------------- */

static void w_proc_exit(void *ctx, uint32_t code) {
    w2cl_wasi *w = ctx;
    w->exited = 1;
    w->exit_code = code;
    w2cl_trap(W2CL_TRAP_HOST); /* unwinds to the embedder's frame */
}

static uint32_t w_proc_raise(void *ctx, uint32_t sig) {
    (void)ctx;
    (void)sig;
    return E_NOSYS;
}

static uint32_t w_sched_yield(void *ctx) {
    (void)ctx;
    sched_yield();
    return E_SUCCESS;
}

static uint32_t w_random_get(void *ctx, uint32_t buf, uint32_t len) {
    uint8_t *p = gmem(ctx, buf, len);
    size_t done = 0;
    int fd = -1;
    if (!p)
        return E_FAULT;
    while (done < len) {
        ssize_t r = -1;
#if defined(__linux__) && defined(SYS_getrandom)
        r = syscall(SYS_getrandom, p + done, len - done > 33554431 ? 33554431 : len - done, 0);
        if (r < 0 && errno == EINTR)
            continue;
#endif
        if (r < 0) {
            if (fd < 0)
                fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                return E_IO;
            r = read(fd, p + done, len - done);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0) {
                close(fd);
                return E_IO;
            }
        }
        done += (size_t)r;
    }
    if (fd >= 0)
        close(fd);
    return E_SUCCESS;
}

static uint32_t w_sock_accept(void *ctx, uint32_t fd, uint32_t flags, uint32_t out) {
    (void)flags;
    (void)out;
    GETFD(f, fd);
    (void)f;
    return E_NOTSUP;
}
static uint32_t w_sock_recv(void *ctx, uint32_t fd, uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e) {
    (void)a; (void)b; (void)c; (void)d; (void)e;
    GETFD(f, fd);
    (void)f;
    return E_NOTSUP;
}
static uint32_t w_sock_send(void *ctx, uint32_t fd, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
    (void)a; (void)b; (void)c; (void)d;
    GETFD(f, fd);
    (void)f;
    return E_NOTSUP;
}
static uint32_t w_sock_shutdown(void *ctx, uint32_t fd, uint32_t how) {
    (void)how;
    GETFD(f, fd);
    (void)f;
    return E_NOTSUP;
}

/* ---- dynamic calls (w2cl_invoke on our funcrefs) ------------------------ */

#define A(k) args[k].i32
#define L(k) args[k].i64
typedef uint32_t (*f0)(void *);
typedef uint32_t (*f_i)(void *, uint32_t);
typedef void (*fv_i)(void *, uint32_t);
typedef uint32_t (*f_ii)(void *, uint32_t, uint32_t);
typedef uint32_t (*f_iii)(void *, uint32_t, uint32_t, uint32_t);
typedef uint32_t (*f_iiii)(void *, uint32_t, uint32_t, uint32_t, uint32_t);
typedef uint32_t (*f_iiiii)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
typedef uint32_t (*f_iiiiii)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
typedef uint32_t (*f_iiiiiii)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);
typedef uint32_t (*f_iIi)(void *, uint32_t, uint64_t, uint32_t);
typedef uint32_t (*f_iIIi)(void *, uint32_t, uint64_t, uint64_t, uint32_t);
typedef uint32_t (*f_iII)(void *, uint32_t, uint64_t, uint64_t);
typedef uint32_t (*f_iI)(void *, uint32_t, uint64_t);
typedef uint32_t (*f_iiiIi)(void *, uint32_t, uint32_t, uint32_t, uint64_t, uint32_t);
typedef uint32_t (*f_iIii)(void *, uint32_t, uint64_t, uint32_t, uint32_t);
typedef uint32_t (*f_iiiiIIi)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint64_t, uint64_t, uint32_t);
typedef uint32_t (*f_iiiiiIIii)(void *, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint64_t, uint64_t,
                                uint32_t, uint32_t);

static void d0(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    (void)args;
    r[0].i32 = ((f0)fn)(c);
}
static void d_i(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) { r[0].i32 = ((f_i)fn)(c, A(0)); }
static void dv_i(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    (void)r;
    ((fv_i)fn)(c, A(0));
}
static void d_ii(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_ii)fn)(c, A(0), A(1));
}
static void d_iii(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_iii)fn)(c, A(0), A(1), A(2));
}
static void d_iiii(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_iiii)fn)(c, A(0), A(1), A(2), A(3));
}
static void d_iiiii(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_iiiii)fn)(c, A(0), A(1), A(2), A(3), A(4));
}
static void d_iiiiii(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_iiiiii)fn)(c, A(0), A(1), A(2), A(3), A(4), A(5));
}
static void d_iiiiiii(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_iiiiiii)fn)(c, A(0), A(1), A(2), A(3), A(4), A(5), A(6));
}
static void d_iIi(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_iIi)fn)(c, A(0), L(1), A(2));
}
static void d_iIIi(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_iIIi)fn)(c, A(0), L(1), L(2), A(3));
}
static void d_iII(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_iII)fn)(c, A(0), L(1), L(2));
}
static void d_iI(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_iI)fn)(c, A(0), L(1));
}
static void d_iiiIi(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_iiiIi)fn)(c, A(0), A(1), A(2), L(3), A(4));
}
static void d_iIii(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_iIii)fn)(c, A(0), L(1), A(2), A(3));
}
static void d_iiiiIIi(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_iiiiIIi)fn)(c, A(0), A(1), A(2), A(3), L(4), L(5), A(6));
}
static void d_iiiiiIIii(w2cl_fnptr fn, void *c, const w2cl_value *args, w2cl_value *r) {
    r[0].i32 = ((f_iiiiiIIii)fn)(c, A(0), A(1), A(2), A(3), A(4), L(5), L(6), A(7), A(8));
}
#undef A
#undef L

#define F(name, sig, d) {#name, sig, (w2cl_fnptr)w_##name, d}
static const wasi_func funcs[NFUNCS] = {
    F(args_get, "ii:i", d_ii),
    F(args_sizes_get, "ii:i", d_ii),
    F(environ_get, "ii:i", d_ii),
    F(environ_sizes_get, "ii:i", d_ii),
    F(clock_res_get, "ii:i", d_ii),
    F(clock_time_get, "iIi:i", d_iIi),
    F(fd_advise, "iIIi:i", d_iIIi),
    F(fd_allocate, "iII:i", d_iII),
    F(fd_close, "i:i", d_i),
    F(fd_datasync, "i:i", d_i),
    F(fd_fdstat_get, "ii:i", d_ii),
    F(fd_fdstat_set_flags, "ii:i", d_ii),
    F(fd_fdstat_set_rights, "iII:i", d_iII),
    F(fd_filestat_get, "ii:i", d_ii),
    F(fd_filestat_set_size, "iI:i", d_iI),
    F(fd_filestat_set_times, "iIIi:i", d_iIIi),
    F(fd_pread, "iiiIi:i", d_iiiIi),
    F(fd_prestat_get, "ii:i", d_ii),
    F(fd_prestat_dir_name, "iii:i", d_iii),
    F(fd_pwrite, "iiiIi:i", d_iiiIi),
    F(fd_read, "iiii:i", d_iiii),
    F(fd_readdir, "iiiIi:i", d_iiiIi),
    F(fd_renumber, "ii:i", d_ii),
    F(fd_seek, "iIii:i", d_iIii),
    F(fd_sync, "i:i", d_i),
    F(fd_tell, "ii:i", d_ii),
    F(fd_write, "iiii:i", d_iiii),
    F(path_create_directory, "iii:i", d_iii),
    F(path_filestat_get, "iiiii:i", d_iiiii),
    F(path_filestat_set_times, "iiiiIIi:i", d_iiiiIIi),
    F(path_link, "iiiiiii:i", d_iiiiiii),
    F(path_open, "iiiiiIIii:i", d_iiiiiIIii),
    F(path_readlink, "iiiiii:i", d_iiiiii),
    F(path_remove_directory, "iii:i", d_iii),
    F(path_rename, "iiiiii:i", d_iiiiii),
    F(path_symlink, "iiiii:i", d_iiiii),
    F(path_unlink_file, "iii:i", d_iii),
    F(poll_oneoff, "iiii:i", d_iiii),
    F(proc_exit, "i:", dv_i),
    F(proc_raise, "i:i", d_i),
    F(sched_yield, ":i", d0),
    F(random_get, "ii:i", d_ii),
    F(sock_accept, "iii:i", d_iii),
    F(sock_recv, "iiiiii:i", d_iiiiii),
    F(sock_send, "iiiii:i", d_iiiii),
    F(sock_shutdown, "ii:i", d_ii),
};
#undef F

/* ---- instance ----------------------------------------------------------- */

void w2cl_wasi_config_init(w2cl_wasi_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    cfg->stdin_fd = 0;
    cfg->stdout_fd = 1;
    cfg->stderr_fd = 2;
}

static char **copy_strings(int n, const char *const *v) {
    char **out = calloc((size_t)n + 1, sizeof *out);
    int i;
    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        out[i] = strdup(v[i] ? v[i] : "");
        if (!out[i]) {
            while (i--)
                free(out[i]);
            free(out);
            return NULL;
        }
    }
    return out;
}

static void free_strings(int n, char **v) {
    int i;
    if (!v)
        return;
    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void seterr(char *err, size_t len, const char *fmt, const char *a, const char *b) {
    if (err && len)
        snprintf(err, len, fmt, a, b);
}

w2cl_wasi *w2cl_wasi_new(const w2cl_wasi_config *cfg, char *err, size_t errlen) {
    w2cl_wasi *w = calloc(1, sizeof *w);
    size_t i;
    int k;
    if (!w) {
        seterr(err, errlen, "%s%s", "out of memory", "");
        return NULL;
    }
    w->argc = cfg->argc > 0 ? cfg->argc : 0;
    w->envc = cfg->envc > 0 ? cfg->envc : 0;
    w->argv = copy_strings(w->argc, cfg->argv);
    w->envp = copy_strings(w->envc, cfg->envp);
    if (!w->argv || !w->envp)
        goto oom;
    /* stdio */
    for (k = 0; k < 3; k++) {
        int h = k == 0 ? cfg->stdin_fd : k == 1 ? cfg->stdout_fd : cfg->stderr_fd;
        struct stat st;
        int64_t g = alloc_fd(w);
        if (g < 0)
            goto oom;
        if (h < 0)
            continue; /* left closed: guest gets EBADF */
        w->fds[g].used = 1;
        w->fds[g].host = h;
        w->fds[g].own = 0;
        w->fds[g].type = fstat(h, &st) == 0 ? filetype_of(st.st_mode) : FT_UNKNOWN;
        w->fds[g].rights_base = R_FILE;
        w->fds[g].rights_inh = 0;
    }
    for (i = 0; i < cfg->npreopens; i++) {
        const w2cl_wasi_preopen *p = &cfg->preopens[i];
        int h = open(p->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int64_t g;
        if (h < 0) {
            seterr(err, errlen, "cannot open directory %s: %s", p->host_path, strerror(errno));
            w2cl_wasi_free(w);
            return NULL;
        }
        g = alloc_fd(w);
        if (g < 0) {
            close(h);
            goto oom;
        }
        w->fds[g].used = 1;
        w->fds[g].host = h;
        w->fds[g].own = 1;
        w->fds[g].type = FT_DIR;
        w->fds[g].rights_base = R_DIR;
        w->fds[g].rights_inh = R_ALL;
        w->fds[g].preopen = strdup(p->guest_path ? p->guest_path : p->host_path);
        if (!w->fds[g].preopen)
            goto oom;
    }
    for (k = 0; k < NFUNCS; k++) {
        const char *s = funcs[k].sig;
        uint32_t np = 0, nr = 0;
        for (; *s != ':'; s++)
            w->typecodes[k][np++] = *s == 'I' ? W2CL_I64 : W2CL_I32;
        for (s++; *s; s++, nr++)
            w->typecodes[k][np + nr] = *s == 'I' ? W2CL_I64 : W2CL_I32;
        w->types[k].nparams = np;
        w->types[k].nresults = nr;
        w->types[k].types = w->typecodes[k];
        w->refs[k].type = &w->types[k];
        w->refs[k].fn = funcs[k].fn;
        w->refs[k].ctx = w;
        w->refs[k].dyncall = funcs[k].dyncall;
        w->externs[k].module = W2CL_WASI_MODULE;
        w->externs[k].name = funcs[k].name;
        w->externs[k].name_len = (uint32_t)strlen(funcs[k].name);
        w->externs[k].kind = W2CL_EXTERN_FUNC;
        w->externs[k].object = &w->refs[k];
    }
    return w;
oom:
    seterr(err, errlen, "%s%s", "out of memory", "");
    w2cl_wasi_free(w);
    return NULL;
}

void w2cl_wasi_free(w2cl_wasi *w) {
    uint32_t i;
    if (!w)
        return;
    for (i = 0; i < w->nfds; i++)
        if (w->fds[i].used)
            release_fd(&w->fds[i]);
    free(w->fds);
    free_strings(w->argc, w->argv);
    free_strings(w->envc, w->envp);
    free(w);
}

const w2cl_extern *w2cl_wasi_externs(w2cl_wasi *w, size_t *n) {
    *n = NFUNCS;
    return w->externs;
}

void w2cl_wasi_set_memory(w2cl_wasi *w, w2cl_memory *mem) { w->mem = mem; }

int w2cl_wasi_exited(const w2cl_wasi *w, uint32_t *code) {
    if (w->exited && code)
        *code = w->exit_code;
    return w->exited;
}

int w2cl_wasi_run_start(w2cl_wasi *w, const w2cl_extern *exports, size_t n, w2cl_status *trap) {
    const w2cl_extern *mem = w2cl_find_extern(exports, n, exports && n ? exports[0].module : "", "memory", 6,
                                              W2CL_EXTERN_MEMORY);
    const w2cl_extern *start = w2cl_find_extern(exports, n, exports && n ? exports[0].module : "", "_start", 6,
                                                W2CL_EXTERN_FUNC);
    const w2cl_funcref *f;
    w2cl_trap_frame frame;
    volatile int code = 0;
    if (trap)
        *trap = W2CL_OK;
    if (!mem || !start) {
        if (trap)
            *trap = W2CL_LINK_ERROR;
        return -1;
    }
    f = start->object;
    if (f->type->nparams != 0 || f->type->nresults != 0) {
        if (trap)
            *trap = W2CL_LINK_ERROR;
        return -1;
    }
    w2cl_wasi_set_memory(w, mem->object);
    w->exited = 0;
    w2cl_push_frame(&frame);
    if (setjmp(frame.jmp) == 0) {
        w2cl_value none[1];
        none[0].i64 = 0;
        w2cl_invoke(f, none, none);
        w2cl_pop_frame(&frame);
    } else if (frame.status == W2CL_TRAP_HOST && w->exited) {
        code = (int)w->exit_code;
    } else {
        if (trap)
            *trap = frame.status;
        code = -1;
    }
    return code;
}
