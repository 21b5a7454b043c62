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

/* insn_read for any instruction (the inline part below handles the most
   common ones itself). */
void insn_read_any(insn_reader *ir, insn *out);

/* How insn_read decodes a one-byte opcode itself (else: insn_read_any). */
enum {
    QUICK_NONE,  /* not inline */
    QUICK_PLAIN, /* no immediate */
    QUICK_INDEX, /* a u32 index (local, global, label, function) */
    QUICK_I32,   /* i32.const */
    QUICK_BLOCK, /* a block type, if empty (0x40) */
};
enum { QUICK_KIND_SHIFT = 12 }; /* below it, the opcode (fewer than 4096) */

/* Per opcode byte: its opcode | its QUICK_* kind << QUICK_KIND_SHIFT. Filled
   by the first insn_read_any; until then everything takes that path. */
extern uint16_t insn_quick[256];

/* An instruction of opcode op with no immediates yet. */
static inline void insn_start(insn *in, opcode op) {
    in->op = op;
    in->a = in->b = 0;
    in->bits = 0;
    in->vt = VT_NONE;
    in->lane = 0;
    in->targets = NULL;
    in->ntargets = 0;
}

/* Decode the next instruction; malformed encodings fail through the reader.
   Inline for the most frequent one-byte instructions: a call for each one
   cost more than the decoding. */
static inline void insn_read(insn_reader *ir, insn *in) {
    reader *r = &ir->r;
    const uint8_t *p = r->p;
    unsigned quick = p < r->end ? insn_quick[*p] : 0;
    in->offset = (size_t)(p - r->base);
    insn_start(in, (opcode)(quick & ((1u << QUICK_KIND_SHIFT) - 1)));
    switch (quick >> QUICK_KIND_SHIFT) {
    case QUICK_PLAIN:
        r->p = p + 1;
        return;
    case QUICK_INDEX:
        r->p = p + 1;
        in->a = rd_u32(r);
        return;
    case QUICK_I32:
        r->p = p + 1;
        in->bits = (uint32_t)rd_s32(r);
        return;
    case QUICK_BLOCK:
        if (r->end - p >= 2 && p[1] == 0x40) {
            in->bt_kind = BT_EMPTY;
            r->p = p + 2;
            return;
        }
        break;
    default:
        break;
    }
    insn_read_any(ir, in); /* everything else, errors included */
}

/* Reads one value type byte; fails "malformed value type" otherwise. */
valtype read_valtype(reader *r);
/* Reads a reference type byte (funcref/externref). */
valtype read_reftype(reader *r);

#endif
