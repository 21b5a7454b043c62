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

/*
 * What function bodies need declared before them in the C, found while
 * checking them, so the emitter can write those declarations first and
 * stream the bodies after. Only code the emitter translates counts (not
 * what follows a branch up to the end of its block), so nothing declared
 * is unused. `simd` may be set for a module that only mentions v128.
 */
typedef struct {
    uint8_t *type_called; /* ntypes: call_indirect or return_call_indirect of the type */
    uint8_t *data_inited; /* ndatas: memory.init of the segment */
    uint8_t *mem_grown;   /* nmems: memory.grow of the memory */
    int simd;             /* v128 values or SIMD instructions: rt/w2cl_simd.h */
    int atomics;          /* atomic instructions: rt/w2cl_atomic.h */
} code_uses;

/*
 * Fails through diag_fail(d, DIAG_INVALID, ...) (or DIAG_MALFORMED for the
 * encoding errors only found while walking bodies). Fills *uses (its
 * arrays from `a`). With `spec_order`, every body is decoded before
 * anything is checked, so the error is the one the spec reports first;
 * without, each body is decoded and checked in one walk (a third faster),
 * which fails exactly when the first way does, but maybe with another error.
 */
void validate_module(const module *m, code_uses *uses, int spec_order, arena *a, diag *d);

#endif
