/*
 * Differential testing: the interface between the fixed host driver
 * (host.c, compiled once) and one translated module (compiled per seed
 * together with diff_glue.h, which fills diff_module in for prefix `m`).
 */
#ifndef DIFF_HOST_H
#define DIFF_HOST_H

#include <stddef.h>

#include "w2cl.h"

typedef struct {
    size_t instance_size, imports_size;
    w2cl_status (*resolve_imports)(void *imports, const w2cl_extern *list, size_t n);
    w2cl_status (*instantiate)(void *instance, const void *imports);
    size_t (*exports)(void *instance, const char *module, w2cl_extern *out, size_t cap);
} diff_module;

extern const diff_module diff_the_module;

#endif
