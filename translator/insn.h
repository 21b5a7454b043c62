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

/*
 * Per opcode byte, for the instructions insn_read decodes inline: 0 for
 * the others, else QUICK_OP | the opcode, with QUICK_U32 when a u32 index
 * follows (local, global, label, function). Filled by the first
 * insn_read_any; until then everything takes that path.
 */
enum { QUICK_OP = 0x4000, QUICK_U32 = 0x8000 };
extern uint16_t insn_quick[256];

/* Decode the next instruction; malformed encodings fail through the reader.
   Inline for the plain one-byte instructions, most of every body: a call
   for each one cost more than the decoding. */
static inline void insn_read(insn_reader *ir, insn *in) {
    reader *r = &ir->r;
    const uint8_t *p = r->p;
    uint16_t quick = p < r->end ? insn_quick[*p] : 0;
    /* A one-byte index: the instruction and its immediate end before r->end. */
    if (!quick || ((quick & QUICK_U32) && (r->end - p < 2 || p[1] >= 0x80))) {
        insn_read_any(ir, in);
        return;
    }
    in->offset = (size_t)(p - r->base);
    in->op = (opcode)(quick & (QUICK_OP - 1));
    in->a = (quick & QUICK_U32) ? p[1] : 0;
    in->b = 0;
    in->bits = 0;
    in->vt = VT_NONE;
    in->lane = 0;
    in->targets = NULL;
    in->ntargets = 0;
    r->p = p + ((quick & QUICK_U32) ? 2 : 1);
}

/* Reads one value type byte; fails "malformed value type" otherwise. */
valtype read_valtype(reader *r);
/* Reads a reference type byte (funcref/externref). */
valtype read_reftype(reader *r);

#endif
