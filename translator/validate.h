/*
 * Validator: the spec's validation rules for a decoded module, including the
 * type checking of every function body (the algorithm of the spec's
 * appendix: operand stack with an "unknown" type, control stack of frames).
 * Passing it is what lets the emitter trust the module.
 */
#ifndef W2CL_VALIDATE_H
#define W2CL_VALIDATE_H

#include "arena.h"
#include "diag.h"
#include "module.h"

/* Fails through diag_fail(d, DIAG_INVALID, ...) (or DIAG_MALFORMED for the
   encoding errors only found while walking bodies). */
void validate_module(const module *m, arena *a, diag *d);

#endif
