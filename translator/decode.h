/*
 * Binary decoder: turns a .wasm file into a `module` (module.h), checking
 * everything the spec's binary format requires. Function bodies are only
 * split off here (local declarations decoded, instructions kept as a span);
 * the validator walks them.
 */
#ifndef W2CL_DECODE_H
#define W2CL_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "module.h"

/* Fills `m` (all storage from `a`; `bytes` must outlive `m`), recording
   `features` (FEAT_* bits) in m->features. Malformed input fails through
   diag_fail(d, DIAG_MALFORMED, ...). */
void decode_module(module *m, const char *file, const uint8_t *bytes, size_t size,
                   unsigned features, arena *a, diag *d);

#endif
