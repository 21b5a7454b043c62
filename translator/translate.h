/* The whole translation as one call, for the CLI and the fuzz target. */
#ifndef W2CL_TRANSLATE_H
#define W2CL_TRANSLATE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "wasm_features.h"
#include "strbuf.h"

/* Decodes, validates and emits `bytes`. Returns 0 with the header and C
   text appended to h and c (or written to their sinks as it is made), or 1
   with the one-line reason in d->message.
   `in_path` names the input in messages. Allocates nothing that outlives
   the call except the text in h and c. */
int translate(const char *in_path, const uint8_t *bytes, size_t size, const char *prefix,
              const char *header_name, strbuf *h, strbuf *c, diag *d);

/* The same with features beyond 2.0 switched on: `features` is a set of
   FEAT_* bits (wasm_features.h); translate() is this with none. */
int translate_features(const char *in_path, const uint8_t *bytes, size_t size, unsigned features,
                       const char *prefix, const char *header_name, strbuf *h, strbuf *c, diag *d);

/* Options beyond the feature set (main.c's flags). */
typedef struct {
    unsigned features;        /* FEAT_* bits */
    int heap_free;            /* --heap-free: static storage for memories and tables */
    int has_max_memory_pages; /* --max-memory-pages N given (heap-free only) */
    uint64_t max_memory_pages;
    int has_max_table_elements; /* --max-table-elements N given (heap-free only) */
    uint64_t max_table_elements;
    /* --split N: c keeps all but the functions, which go to the N buffers
       `parts`; `shared` gets the private header they all include, named
       `shared_name` in #include lines. 0: everything in c. */
    unsigned split;
    strbuf *parts, *shared;
    const char *shared_name;
    /* --direct-imports: a function import is a direct call of the extern C
       function w2cl_import_MODULE_NAME (the imports struct member's name),
       which the linker binds and the C compiler may inline. */
    int direct_imports;
    /* --no-loop-copies: no loop gets a copy checked up front (fast_loop.h). */
    int no_loop_copies;
} translate_options;

/* translate_features with every option; `o` NULL means the defaults. */
int translate_with(const char *in_path, const uint8_t *bytes, size_t size, const translate_options *o,
                   const char *prefix, const char *header_name, strbuf *h, strbuf *c, diag *d);

#endif
