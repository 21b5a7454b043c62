/*
 * Features beyond WebAssembly 2.0, each switched on by a command-line flag.
 * The set travels as one bitset in module.features: decode, validate and
 * emit all read it from there.
 */
#ifndef W2CL_FEATURES_H
#define W2CL_FEATURES_H

enum {
    FEAT_EXTENDED_CONST = 1u << 0, /* --enable-extended-const */
    FEAT_MULTI_MEMORY = 1u << 1,   /* --enable-multi-memory */
    FEAT_MEMORY64 = 1u << 2,       /* --enable-memory64 */
    FEAT_TAIL_CALL = 1u << 3,      /* --enable-tail-call */
    FEAT_EXCEPTIONS = 1u << 4,     /* --enable-exceptions (legacy exception handling) */
    FEAT_THREADS = 1u << 5,        /* --enable-threads */
    FEAT_ALL = FEAT_EXTENDED_CONST | FEAT_MULTI_MEMORY | FEAT_MEMORY64 | FEAT_TAIL_CALL | FEAT_THREADS |
               FEAT_EXCEPTIONS
};

#endif
