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
    translate_options o = {features, 0, 0, 0, 0, 0};
    return translate_with(in_path, bytes, size, &o, prefix, header_name, h, c, d);
}

int translate_with(const char *in_path, const uint8_t *bytes, size_t size, const translate_options *o,
                   const char *prefix, const char *header_name, strbuf *h, strbuf *c, diag *d) {
    static const translate_options defaults = {0, 0, 0, 0, 0, 0};
    if (!o)
        o = &defaults;
    emit_options eo = {o->heap_free, o->has_max_memory_pages, o->max_memory_pages,
                       o->has_max_table_elements, o->max_table_elements};
    unsigned features = o->features;
    arena a = {NULL, d};
    module m;
    d->file = in_path;
    if (setjmp(d->escape)) {
        /* Whatever the failed stage still owned, h and c included. */
        diag_free_all(d);
        sb_init(h, d);
        sb_init(c, d);
        return 1;
    }
    decode_module(&m, in_path, bytes, size, features, &a, d);
    validate_module(&m, &a, d);
    emit_module_with(&m, &eo, prefix, header_name, h, c, &a, d);
    arena_free(&a);
    return 0;
}
