/*
 * wasm2c-lite IN.wasm -o OUT.c [-n NAME] [--enable-FEATURE] [--heap-free ...]: the command line. Reads the whole
 * input, decodes and validates it, and emits OUT.h and OUT.c into temporary
 * files as the C is made (memory stays small), which are renamed into place
 * only when the whole translation succeeded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"
#include "translate.h"

#define VERSION "0.1.0"

static const char usage_text[] =
    "usage: wasm2c-lite IN.wasm -o OUT.c [-n NAME] [--enable-FEATURE ...]\n"
    "         [--heap-free [--max-memory-pages N] [--max-table-elements N]] [--split N]\n"
    "         [--direct-imports] [--no-loop-copies]\n"
    "\n"
    "Translates a WebAssembly module into C: OUT.c and OUT.h, to be compiled\n"
    "with the runtime in rt/.\n"
    "\n"
    "  -o, --output OUT.c  the C file to write; the header goes beside it\n"
    "  -n, --name NAME     prefix of every generated symbol (default: from OUT)\n"
    "      --enable-extended-const  add, sub and mul in constant expressions\n"
    "      --enable-multi-memory    several memories per module\n"
    "      --enable-memory64        64-bit memories\n"
    "      --enable-tail-call       return_call and return_call_indirect\n"
    "      --enable-exception-handling  tags, throw, try/catch/catch_all,\n"
    "                               delegate and rethrow (the legacy\n"
    "                               proposal; --enable-exceptions is the same)\n"
    "      --enable-threads         shared memories, atomics, wait and notify\n"
    "      --enable-all             every feature above\n"
    "      --heap-free              no allocator at all: each memory and table\n"
    "                               the module defines is an array in the\n"
    "                               instance struct, sized from its maximum;\n"
    "                               instantiate, grow and free never allocate\n"
    "                               (grow fails past that size)\n"
    "      --max-memory-pages N     with --heap-free: at most N 64 KiB pages per\n"
    "                               memory; needed for a memory without a\n"
    "                               maximum, an error when its minimum is larger\n"
    "      --max-table-elements N   with --heap-free: the same for tables\n"
    "      --split N                the functions in N more files, OUT_1.c ...\n"
    "                               OUT_N.c, to compile in parallel; OUT.c keeps\n"
    "                               the rest, and all include OUT_shared.h\n"
    "      --direct-imports         call each imported function directly as the\n"
    "                               C function w2cl_import_MODULE_NAME (declared\n"
    "                               in OUT.h), bound by the linker and open to\n"
    "                               inlining; the imports struct then only\n"
    "                               carries its ctx\n"
    "      --no-loop-copies         no second copy, checked up front, of loops\n"
    "                               whose trips and accesses are known when they\n"
    "                               start (smaller C, every access checked)\n"
    "  -h, --help          this text\n"
    "      --version       the version\n";

/* The --enable-* flags and the features they switch on. */
static const struct {
    const char *flag;
    unsigned features;
} feature_flags[] = {
    {"--enable-extended-const", FEAT_EXTENDED_CONST},
    {"--enable-multi-memory", FEAT_MULTI_MEMORY},
    {"--enable-memory64", FEAT_MEMORY64},
    {"--enable-tail-call", FEAT_TAIL_CALL},
    {"--enable-exception-handling", FEAT_EXCEPTIONS},
    {"--enable-exceptions", FEAT_EXCEPTIONS}, /* wabt's name for it */
    {"--enable-threads", FEAT_THREADS},
    {"--enable-all", FEAT_ALL},
};

/* The features of a --enable-* flag, or 0 when `arg` is none. */
static unsigned feature_flag(const char *arg) {
    for (size_t i = 0; i < sizeof feature_flags / sizeof feature_flags[0]; i++)
        if (!strcmp(arg, feature_flags[i].flag))
            return feature_flags[i].features;
    return 0;
}

/* A decimal count of at most `max`: 0 with *out set, or -1. */
static int parse_count(const char *s, uint64_t max, uint64_t *out) {
    uint64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > max)
            return -1;
    }
    *out = v;
    return 0;
}

static int usage_error(const char *fmt, const char *arg) {
    fprintf(stderr, "wasm2c-lite: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage_text);
    return 2;
}

static int io_error(const char *what, const char *path) {
    fprintf(stderr, "wasm2c-lite: error: %s: %s: %s\n", path, what, strerror(errno));
    return 1;
}

/* The default prefix: OUT's file name without directory and extension, as a C identifier. */
static char *prefix_from_path(const char *out) {
    const char *base = strrchr(out, '/');
    base = base ? base + 1 : out;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        n = (size_t)(dot - base);
    char *p = malloc(n + 2);
    if (!p)
        return NULL;
    size_t j = 0;
    if (n == 0 || (base[0] >= '0' && base[0] <= '9'))
        p[j++] = 'm';
    for (size_t i = 0; i < n; i++) {
        char c = base[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        p[j++] = ok ? c : '_';
    }
    p[j] = 0;
    return p;
}

static int valid_prefix(const char *p) {
    if (!*p || (*p >= '0' && *p <= '9'))
        return 0;
    for (; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

static int read_file(const char *path, uint8_t **data, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    /* Sized from the file when it can tell (one allocation, no slack), else grown. */
    size_t cap = 1 << 16, n = 0;
    if (fseek(f, 0, SEEK_END) == 0) {
        long end = ftell(f);
        if (end >= 0 && (unsigned long)end < ((size_t)-1) / 2)
            cap = (size_t)end + 1; /* +1: the read that finds the end */
        rewind(f);
    }
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *bigger = cap <= ((size_t)-1) / 2 ? realloc(buf, cap * 2) : NULL;
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int failed = ferror(f) || !buf;
    fclose(f);
    if (failed) {
        free(buf);
        return -1;
    }
    *data = buf;
    *size = n;
    return 0;
}

enum { MAX_SPLIT = 1000 };

/* OUT with its ".c" replaced by `suffix` ("_shared.h", "_3.c", ...); malloc'd. */
static char *sibling(const char *out, const char *suffix) {
    size_t n = strlen(out) - 2, k = strlen(suffix);
    char *p = malloc(n + k + 1);
    if (p) {
        memcpy(p, out, n);
        memcpy(p + n, suffix, k + 1);
    }
    return p;
}

/* The name of `path` without its directories, as the C #includes it. */
static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Translates into the output files, written as the C is made: OUT.h and
   OUT.c, and with --split OUT_shared.h and OUT_1.c ... OUT_N.c. */
static int write_outputs(const char *in, const uint8_t *bytes, size_t size, translate_options *opts,
                         const char *prefix, const char *out) {
    static diag d; /* static: its jmp_buf outlives nothing on the stack we return through */
    size_t n = opts->split ? 3 + (size_t)opts->split : 2; /* h, c, shared, parts */
    out_file *files = calloc(n, sizeof *files);
    strbuf *bufs = calloc(n, sizeof *bufs);
    char **paths = calloc(n, sizeof *paths);
    int status = 0;
    if (!files || !bufs || !paths) {
        fprintf(stderr, "wasm2c-lite: error: out of memory\n");
        status = 1;
        goto done;
    }
    paths[0] = sibling(out, ".h");
    paths[1] = sibling(out, ".c");
    for (size_t i = 2; i < n; i++) {
        char suffix[32];
        if (i == 2)
            snprintf(suffix, sizeof suffix, "_shared.h");
        else
            snprintf(suffix, sizeof suffix, "_%zu.c", i - 2);
        paths[i] = sibling(out, suffix);
    }
    for (size_t i = 0; i < n; i++) {
        if (!paths[i]) {
            fprintf(stderr, "wasm2c-lite: error: out of memory\n");
            status = 1;
            goto done;
        }
    }
    size_t opened = 0;
    while (opened < n) {
        int failed = out_open(&files[opened], paths[opened]);
        opened++;
        if (failed) {
            status = io_error("cannot write", paths[opened - 1]);
            out_discard(files, opened);
            goto done;
        }
    }
    for (size_t i = 0; i < n; i++) {
        sb_init(&bufs[i], &d);
        sb_set_sink(&bufs[i], files[i].f);
    }
    if (opts->split) {
        opts->shared = &bufs[2];
        opts->parts = &bufs[3];
        opts->shared_name = base_name(paths[2]);
    }
    if (translate_with(in, bytes, size, opts, prefix, base_name(paths[0]), &bufs[0], &bufs[1], &d) != 0) {
        fprintf(stderr, "wasm2c-lite: error: %s\n", d.message);
        out_discard(files, n);
        status = 1;
    } else {
        const char *failed = NULL;
        for (size_t i = 0; i < n; i++)
            sb_flush(&bufs[i]);
        if (out_commit(files, n, &failed) != 0)
            status = io_error("cannot write", failed);
    }
    for (size_t i = 0; i < n; i++)
        sb_free(&bufs[i]);
    diag_trim(&d);
done:
    if (files)
        out_free(files, n);
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(files);
    free(bufs);
    free(paths);
    return status;
}

int main(int argc, char **argv) {
    const char *in = NULL, *out = NULL, *name = NULL;
    translate_options opts = {0, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0, 0};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (feature_flag(arg)) {
            opts.features |= feature_flag(arg);
        } else if (!strcmp(arg, "--heap-free")) {
            opts.heap_free = 1;
        } else if (!strcmp(arg, "--direct-imports")) {
            opts.direct_imports = 1;
        } else if (!strcmp(arg, "--no-loop-copies")) {
            opts.no_loop_copies = 1;
        } else if (!strncmp(arg, "--max-memory-pages", 18) || !strncmp(arg, "--max-table-elements", 20)) {
            int mem = arg[6] == 'm';
            size_t n = strlen(mem ? "--max-memory-pages" : "--max-table-elements");
            const char *val;
            if (arg[n] == '=')
                val = arg + n + 1;
            else if (arg[n] != 0)
                return usage_error("unknown option %s", arg);
            else if (i + 1 >= argc)
                return usage_error("option %s needs an argument", arg);
            else
                val = argv[++i];
            /* 2^48 pages: the largest memory64; 2^32 - 1 elements: the largest table */
            uint64_t v;
            if (parse_count(val, mem ? UINT64_C(1) << 48 : UINT64_C(0xffffffff), &v) != 0)
                return usage_error(mem ? "--max-memory-pages wants a page count: %s"
                                       : "--max-table-elements wants an element count: %s", val);
            if (mem) {
                opts.has_max_memory_pages = 1;
                opts.max_memory_pages = v;
            } else {
                opts.has_max_table_elements = 1;
                opts.max_table_elements = v;
            }
        } else if (!strcmp(arg, "--split")) {
            uint64_t v;
            if (i + 1 >= argc)
                return usage_error("option %s needs an argument", arg);
            if (parse_count(argv[++i], MAX_SPLIT, &v) != 0 || v == 0)
                return usage_error("--split wants a number of files from 1 to 1000: %s", argv[i]);
            opts.split = (unsigned)v;
        } else if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
            fputs(usage_text, stdout);
            return 0;
        } else if (!strcmp(arg, "--version")) {
            puts("wasm2c-lite " VERSION);
            return 0;
        } else if (!strcmp(arg, "-o") || !strcmp(arg, "--output") || !strcmp(arg, "-n") || !strcmp(arg, "--name")) {
            if (i + 1 >= argc)
                return usage_error("option %s needs an argument", arg);
            if (arg[1] == 'o' || arg[2] == 'o')
                out = argv[++i];
            else
                name = argv[++i];
        } else if (arg[0] == '-' && arg[1]) {
            return usage_error("unknown option %s", arg);
        } else if (!in) {
            in = arg;
        } else {
            return usage_error("unexpected argument %s", arg);
        }
    }
    if (!in)
        return usage_error("%s", "no input file");
    if (!out)
        return usage_error("%s", "no output file (-o OUT.c)");
    size_t out_len = strlen(out);
    if (out_len < 3 || strcmp(out + out_len - 2, ".c") != 0)
        return usage_error("output file must end in .c: %s", out);
    if (name && !valid_prefix(name))
        return usage_error("name must be a C identifier: %s", name);
    if (!opts.heap_free && (opts.has_max_memory_pages || opts.has_max_table_elements))
        return usage_error("%s", "--max-memory-pages and --max-table-elements need --heap-free");

    uint8_t *bytes;
    size_t size;
    if (read_file(in, &bytes, &size) != 0)
        return io_error("cannot read", in);

    char *prefix = name ? NULL : prefix_from_path(out);
    if (!name && !prefix) {
        free(bytes);
        fprintf(stderr, "wasm2c-lite: error: out of memory\n");
        return 1;
    }
    int status = write_outputs(in, bytes, size, &opts, name ? name : prefix, out);
    free(bytes);
    free(prefix);
    return status;
}
