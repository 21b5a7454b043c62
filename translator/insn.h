/*
 * One decoded instruction with its immediates. The validator and the emitter
 * both walk function bodies with insn_read(), so immediates are decoded (and
 * malformed encodings reported) in exactly one place.
 */
#ifndef W2CL_INSN_H
#define W2CL_INSN_H

#include "arena.h"
#include "opcode.h"
#include "reader.h"

typedef enum { BT_EMPTY, BT_VALUE, BT_TYPEIDX } blocktype_kind;

typedef struct {
    opcode op;
    size_t offset; /* file offset of the opcode */

    /* Index-like immediates, by imm_kind:
       LABEL, FUNC, LOCAL, GLOBAL, TABLE, DATA, ELEM: a
       CALL_INDIRECT: a = type index, b = table index
       MEMARG: a = align exponent, b = memory index, bits = offset
       MEMORY: a = memory index
       MEMORY_INIT: a = data index, b = memory index
       MEMORY_COPY: a = dst memory, b = src memory
       TABLE_INIT: a = elem index, b = table index
       TABLE_COPY: a = dst table, b = src table
       BR_TABLE: a = default label, targets/ntargets the others
       BLOCKTYPE: bt_kind, vt (BT_VALUE) or a (BT_TYPEIDX) */
    uint32_t a, b;
    uint64_t bits; /* I32 (zero-extended), I64, F32 and F64 bit patterns */
    valtype vt;    /* REFTYPE, SELECT_T, BT_VALUE */
    blocktype_kind bt_kind;
    uint8_t lane;      /* LANE, MEMARG_LANE: the lane index (checked by the validator) */
    uint8_t v128[16];  /* V128: the constant's bytes; SHUFFLE: the lane indices */
    uint32_t *targets;
    uint32_t ntargets;
} insn;

typedef struct {
    reader r;
    arena *a; /* br_table target lists */
    unsigned features; /* FEAT_* bits: which encodings beyond 2.0 are read */
} insn_reader;

/* Decode the next instruction; malformed encodings fail through the reader. */
void insn_read(insn_reader *ir, insn *out);

/* Reads one value type byte; fails "malformed value type" otherwise. */
valtype read_valtype(reader *r);
/* Reads a reference type byte (funcref/externref). */
valtype read_reftype(reader *r);

#endif
