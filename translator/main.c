/*
 * wasm2c-lite IN.wasm -o OUT.c [-n NAME] [--enable-FEATURE] [--heap-free ...]: the command line. Reads the whole
 * input, decodes, validates and emits into memory, and only then writes
 * OUT.h and OUT.c through temporary files that are renamed into place.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "translate.h"

#define VERSION "0.1.0"

static const char usage_text[] =
    "usage: wasm2c-lite IN.wasm -o OUT.c [-n NAME] [--enable-FEATURE ...]\n"
    "         [--heap-free [--max-memory-pages N] [--max-table-elements N]]\n"
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
    size_t cap = 1 << 16, n = 0;
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

/* Writes `sb` to `path` via "path.tmp" and rename, so no half-written file remains. */
static int write_atomically(const char *path, const strbuf *sb) {
    size_t n = strlen(path);
    char *tmp = malloc(n + 5);
    if (!tmp)
        return -1;
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp", 5);
    FILE *f = fopen(tmp, "wb");
    int ok = f && fwrite(sb->data, 1, sb->len, f) == sb->len;
    if (f && fclose(f) != 0)
        ok = 0;
    if (ok && rename(tmp, path) != 0)
        ok = 0;
    if (!ok)
        remove(tmp);
    free(tmp);
    return ok ? 0 : -1;
}

int main(int argc, char **argv) {
    const char *in = NULL, *out = NULL, *name = NULL;
    translate_options opts = {0, 0, 0, 0, 0, 0};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (feature_flag(arg)) {
            opts.features |= feature_flag(arg);
        } else if (!strcmp(arg, "--heap-free")) {
            opts.heap_free = 1;
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
    char *h_path = malloc(out_len + 1);
    if (!h_path || (!name && !prefix)) {
        fprintf(stderr, "wasm2c-lite: error: out of memory\n");
        return 1;
    }
    memcpy(h_path, out, out_len + 1);
    h_path[out_len - 1] = 'h';
    const char *h_base = strrchr(h_path, '/');
    h_base = h_base ? h_base + 1 : h_path;

    static diag d; /* static: its jmp_buf outlives nothing on the stack we return through */
    strbuf h, c;
    sb_init(&h, &d);
    sb_init(&c, &d);
    int status = translate_with(in, bytes, size, &opts, name ? name : prefix, h_base, &h, &c, &d);
    if (status != 0) {
        fprintf(stderr, "wasm2c-lite: error: %s\n", d.message);
    } else if (write_atomically(h_path, &h) != 0) {
        status = io_error("cannot write", h_path);
    } else if (write_atomically(out, &c) != 0) {
        remove(h_path);
        status = io_error("cannot write", out);
    }
    sb_free(&h);
    sb_free(&c);
    free(bytes);
    free(prefix);
    free(h_path);
    return status;
}
