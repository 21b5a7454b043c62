/*
 * Included after the translated module ("m.c", translated with -n m) in the
 * one translation unit run.py compiles per seed: describes the module to
 * host.c through diff_the_module.
 */
#include "diff_host.h"

static w2cl_status diff_resolve(void *imports, const w2cl_extern *list, size_t n) {
    return m_resolve_imports((m_imports *)imports, list, n);
}

static w2cl_status diff_instantiate(void *instance, const void *imports) {
    return m_instantiate((m_instance *)instance, (const m_imports *)imports);
}

static size_t diff_exports(void *instance, const char *module, w2cl_extern *out, size_t cap) {
    return m_exports((m_instance *)instance, module, out, cap);
}

const diff_module diff_the_module = {sizeof(m_instance), sizeof(m_imports), diff_resolve,
                                     diff_instantiate, diff_exports};
