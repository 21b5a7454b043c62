/*
 * The `spectest` host module that the WebAssembly spec tests import from:
 * print functions, four immutable globals (666), a funcref table (10..20)
 * a memory (1..2 pages) and a shared memory "shared_memory" (1..2 pages,
 * threads). All of it is registered under "spectest".
 */
#ifndef SPECTEST_H
#define SPECTEST_H

#include <stddef.h>

#include "w2cl.h"

/* Allocates the table and the memory; call once before spectest_externs.
   Returns W2CL_OK or W2CL_ALLOC_ERROR. */
w2cl_status spectest_init(void);

/* The host module's objects as import candidates; `*count` gets their number.
   The objects live until the process exits. */
const w2cl_extern *spectest_externs(size_t *count);

#endif
