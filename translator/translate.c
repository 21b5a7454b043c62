#include "translate.h"

#include "decode.h"
#include "emit.h"
#include "emit_internal.h"
#include "validate.h"

int translate(const char *in_path, const uint8_t *bytes, size_t size, const char *prefix,
              const char *header_name, strbuf *h, strbuf *c, diag *d) {
    return translate_features(in_path, bytes, size, 0, prefix, header_name, h, c, d);
}

int translate_features(const char *in_path, const uint8_t *bytes, size_t size, unsigned features,
                       const char *prefix, const char *header_name, strbuf *h, strbuf *c, diag *d) {
    translate_options o = {features, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0, 0};
    return translate_with(in_path, bytes, size, &o, prefix, header_name, h, c, d);
}

/* An output buffer after a failure (its memory already freed); one that
   will be written again keeps its sink. */
static void reset_output(strbuf *sb, diag *d, int keep_sink) {
    if (!sb)
        return;
    FILE *sink = sb->sink;
    sb_init(sb, d);
    if (keep_sink)
        sb->sink = sink;
}

/* One attempt: 0 done, 1 failed, 2 validation failed in one walk per
   body, to be redone in the spec's order for the right message. */
static int translate_once(const char *in_path, const uint8_t *bytes, size_t size, const translate_options *o,
                          const char *prefix, const char *header_name, strbuf *h, strbuf *c, diag *d,
                          int spec_order) {
    emit_options eo = {o->heap_free, o->has_max_memory_pages, o->max_memory_pages,
                       o->has_max_table_elements, o->max_table_elements, o->split, o->direct_imports,
                       o->no_loop_copies};
    emit_outputs out = {h, c, header_name, o->shared, o->shared_name, o->parts};
    unsigned features = o->features;
    arena a = {NULL, d};
    module m;
    volatile int validating = 0;
    d->file = in_path;
    if (setjmp(d->escape)) {
        /* Whatever the failed stage still owned, h and c included (nothing
           is written to them before validation has passed). */
        int retry = validating && !spec_order;
        diag_free_all(d);
        reset_output(h, d, retry);
        reset_output(c, d, retry);
        reset_output(o->shared, d, retry);
        for (unsigned i = 0; o->parts && i < o->split; i++)
            reset_output(&o->parts[i], d, retry);
        return retry ? 2 : 1;
    }
    code_uses uses;
    decode_module(&m, in_path, bytes, size, features, &a, d);
    validating = 1;
    validate_module(&m, &uses, spec_order, &a, d);
    validating = 0;
    emit_module_with(&m, &eo, &uses, prefix, &out, &a, d);
    arena_free(&a);
    diag_trim(d);
    return 0;
}

int translate_with(const char *in_path, const uint8_t *bytes, size_t size, const translate_options *o,
                   const char *prefix, const char *header_name, strbuf *h, strbuf *c, diag *d) {
    static const translate_options defaults = {0, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0, 0};
    if (!o)
        o = &defaults;
    int status = translate_once(in_path, bytes, size, o, prefix, header_name, h, c, d, 0);
    if (status == 2) /* a bad module: find the error the spec reports first */
        status = translate_once(in_path, bytes, size, o, prefix, header_name, h, c, d, 1);
    return status;
}
