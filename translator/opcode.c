#include "opcode.h"

#include <stddef.h>

#define X VT_NONE
#define I32 VT_I32
#define I64 VT_I64
#define F32 VT_F32
#define F64 VT_F64
#define V128 VT_V128

const op_info op_infos[OP_COUNT] = {
#define OP(id, prefix, code, text, imm, cls, p1, p2, r, size, c) \
    [OP_##id] = {prefix, code, text, imm, cls, p1, p2, r, size, c},
#include "opcodes.def"
#undef OP
};

int op_lookup(uint8_t prefix, uint32_t code) {
    /* Single-byte opcodes index a 256-entry map; the 0xFC space is small. */
    static int16_t single[256];
    static int16_t misc[32];
    static int16_t simd[256];
    static int16_t atomic[128]; /* 0xFE: threads */
    static int ready;
    if (!ready) {
        for (int i = 0; i < 256; i++)
            single[i] = -1;
        for (int i = 0; i < 32; i++)
            misc[i] = -1;
        for (int i = 0; i < 256; i++)
            simd[i] = -1;
        for (int i = 0; i < 128; i++)
            atomic[i] = -1;
        for (int op = 0; op < OP_COUNT; op++) {
            if (op_infos[op].prefix == 0)
                single[op_infos[op].code] = (int16_t)op;
            else if (op_infos[op].prefix == 0xfc && op_infos[op].code < 32)
                misc[op_infos[op].code] = (int16_t)op;
            else if (op_infos[op].prefix == 0xfd && op_infos[op].code < 256)
                simd[op_infos[op].code] = (int16_t)op;
            else if (op_infos[op].prefix == 0xfe && op_infos[op].code < 128)
                atomic[op_infos[op].code] = (int16_t)op;
        }
        ready = 1;
    }
    if (prefix == 0)
        return single[code & 0xff];
    if (prefix == 0xfc && code < 32)
        return misc[code];
    if (prefix == 0xfd && code < 256)
        return simd[code];
    if (prefix == 0xfe && code < 128)
        return atomic[code];
    return -1;
}

const char *valtype_name(valtype t) {
    switch (t) {
    case VT_I32: return "i32";
    case VT_I64: return "i64";
    case VT_F32: return "f32";
    case VT_F64: return "f64";
    case VT_V128: return "v128";
    case VT_FUNCREF: return "funcref";
    case VT_EXTERNREF: return "externref";
    default: return "?";
    }
}
