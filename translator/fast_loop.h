/*
 * Loops checked up front. An innermost loop whose memory accesses all move
 * by a fixed step per trip, and whose trips end at a bound known when it
 * starts, gets a second copy without bounds checks (rt/w2cl_ops.h,
 * "Loops checked up front"); the emitter runs that copy when the condition
 * found here holds, and the usual checked loop otherwise.
 */
#ifndef W2CL_FAST_LOOP_H
#define W2CL_FAST_LOOP_H

#include "insn.h"
#include "module.h"
#include "strbuf.h"

typedef struct {
    strbuf trips;   /* C expression: the trips the loop makes at most (0: unknown) */
    strbuf cond;    /* C condition on `trips`: every access of those trips is in bounds */
    uint32_t *mems; /* the memories it accesses (through their local copies &memN) */
    uint32_t nmems;
    size_t *unchecked; /* file offsets of the accesses checked up front, in order;
                          the others keep their check */
    uint32_t nunchecked;
} fast_loop;

/*
 * Looks at the loop whose body `ir` is at (just past its `loop`
 * instruction; ir itself is a copy, the caller's reader does not move).
 * Returns 1 and fills `out` (sb_init'ed by the caller) if it gets a copy
 * without checks. Locals are named local_names[i] in the conditions.
 */
int fast_loop_plan(const module *m, insn_reader ir, const insn *loop, const valtype *local_types,
                   uint32_t nlocals, char *const *local_names, fast_loop *out);

#endif
