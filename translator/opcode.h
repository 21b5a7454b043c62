/* Opcode enum and per-opcode facts, generated from opcodes.def. */
#ifndef W2CL_OPCODE_H
#define W2CL_OPCODE_H

#include <stdint.h>

/* Value types use their binary encodings; VT_NONE marks "no operand/result". */
enum {
    VT_NONE = 0x00,
    VT_I32 = 0x7f,
    VT_I64 = 0x7e,
    VT_F32 = 0x7d,
    VT_F64 = 0x7c,
    VT_V128 = 0x7b,
    VT_FUNCREF = 0x70,
    VT_EXTERNREF = 0x6f,
};
typedef uint8_t valtype;

/* How the bytes after an opcode are read (see insn.c). */
typedef enum {
    IMM_NONE,
    IMM_BLOCKTYPE,     /* s33 block type */
    IMM_LABEL,         /* u32 label depth */
    IMM_BR_TABLE,      /* vec(label) label */
    IMM_FUNC,          /* u32 funcidx */
    IMM_CALL_INDIRECT, /* u32 typeidx, u32 tableidx */
    IMM_SELECT_T,      /* vec(valtype) */
    IMM_LOCAL,         /* u32 localidx */
    IMM_GLOBAL,        /* u32 globalidx */
    IMM_TABLE,         /* u32 tableidx */
    IMM_MEMARG,        /* u32 align, u32 offset */
    IMM_MEMORY,        /* memidx (a reserved 0x00 byte in 2.0) */
    IMM_I32,           /* s32 */
    IMM_I64,           /* s64 */
    IMM_F32,           /* 4 bytes */
    IMM_F64,           /* 8 bytes */
    IMM_REFTYPE,       /* reftype byte */
    IMM_MEMORY_INIT,   /* u32 dataidx, memidx */
    IMM_DATA,          /* u32 dataidx */
    IMM_MEMORY_COPY,   /* memidx, memidx */
    IMM_TABLE_INIT,    /* u32 elemidx, u32 tableidx */
    IMM_ELEM,          /* u32 elemidx */
    IMM_TAG,           /* u32 tagidx (exception handling) */
    IMM_TABLE_COPY,    /* u32 tableidx (dst), u32 tableidx (src) */
    IMM_V128,          /* 16 bytes */
    IMM_SHUFFLE,       /* 16 lane index bytes */
    IMM_LANE,          /* lane index byte */
    IMM_MEMARG_LANE,   /* memarg, lane index byte */
} imm_kind;

typedef enum { CLS_SIMPLE, CLS_LOAD, CLS_STORE, CLS_LANE, CLS_SPECIAL } op_class;

typedef enum {
#define OP(id, prefix, code, text, imm, cls, p1, p2, r, size, c) OP_##id,
#include "opcodes.def"
#undef OP
    OP_COUNT
} opcode;

typedef struct {
    uint8_t prefix;
    uint32_t code;
    const char *text;
    imm_kind imm;
    op_class cls;
    valtype p1, p2, r;
    uint8_t size;
    const char *c; /* infix operator, or NULL for a w2cl_ helper call */
} op_info;

extern const op_info op_infos[OP_COUNT];

/* Opcode for a (prefix, code) pair, or -1 when the byte sequence is no opcode. */
int op_lookup(uint8_t prefix, uint32_t code);

/* "i32", "funcref", ... for messages and C comments. */
const char *valtype_name(valtype t);

#endif
