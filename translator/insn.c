#include "insn.h"

#include "wasm_features.h"

valtype read_valtype(reader *r) {
    uint8_t b = rd_u8(r);
    switch (b) {
    case VT_I32: case VT_I64: case VT_F32: case VT_F64: case VT_V128:
    case VT_FUNCREF: case VT_EXTERNREF:
        return b;
    default:
        r->p--;
        rd_fail(r, "malformed value type 0x%02x", b);
    }
}

valtype read_reftype(reader *r) {
    uint8_t b = rd_u8(r);
    if (b != VT_FUNCREF && b != VT_EXTERNREF) {
        r->p--;
        rd_fail(r, "malformed reference type 0x%02x", b);
    }
    return b;
}

/* A memory index: a u32 with multi-memory, a reserved zero byte in 2.0. */
static uint32_t read_memidx(insn_reader *ir) {
    reader *r = &ir->r;
    if (ir->features & FEAT_MULTI_MEMORY)
        return rd_u32(r);
    uint8_t b = rd_u8(r);
    if (b != 0) {
        r->p--;
        rd_fail(r, "zero byte expected");
    }
    return 0;
}

/* align (bit 6: a memory index follows, multi-memory), [memidx], offset
   (a u64 with memory64: the validator checks 32-bit memories' range). */
static void read_memarg(insn_reader *ir, insn *in) {
    reader *r = &ir->r;
    size_t at = rd_offset(r);
    in->a = rd_u32(r);
    if (in->a & 0x40) {
        if (!(ir->features & FEAT_MULTI_MEMORY))
            diag_fail(r->d, DIAG_INVALID, at,
                      "multi-memory support is not enabled (--enable-multi-memory)");
        in->a &= ~0x40u;
        in->b = rd_u32(r);
    }
    in->bits = (ir->features & FEAT_MEMORY64) ? rd_u64(r) : rd_u32(r);
}

static void read_blocktype(reader *r, insn *in) {
    if (r->p < r->end && *r->p == 0x40) {
        r->p++;
        in->bt_kind = BT_EMPTY;
        return;
    }
    if (r->p < r->end && (*r->p & 0xc0) == 0x40) { /* one-byte negative: a value type */
        in->bt_kind = BT_VALUE;
        in->vt = read_valtype(r);
        return;
    }
    int64_t v = rd_s33(r);
    if (v < 0)
        rd_fail(r, "malformed block type");
    in->bt_kind = BT_TYPEIDX;
    in->a = (uint32_t)v;
}

/* The proposal an opcode belongs to (a FEAT_* bit), or 0 for 2.0. */
static unsigned op_feature(int op) {
    if (op == OP_RETURN_CALL || op == OP_RETURN_CALL_INDIRECT)
        return FEAT_TAIL_CALL;
    if (op == OP_TRY || op == OP_CATCH || op == OP_THROW || op == OP_RETHROW || op == OP_DELEGATE ||
        op == OP_CATCH_ALL)
        return FEAT_EXCEPTIONS;
    return op_infos[op].prefix == 0xfe ? FEAT_THREADS : 0;
}

static DIAG_NORETURN void feature_off(reader *r, size_t offset, int op) {
    r->p = r->base + offset;
    switch (op_feature(op)) {
    case FEAT_TAIL_CALL:
        rd_fail(r, "tail-call support is not enabled (--enable-tail-call)");
    case FEAT_EXCEPTIONS:
        rd_fail(r, "exception handling support is not enabled (--enable-exception-handling)");
    default:
        rd_fail(r, "%s: threads support is not enabled (--enable-threads)", op_infos[op].text);
    }
}

uint16_t insn_quick[256];

/* The insn_quick entry of single-byte opcode `code`. */
static uint16_t quick_entry(uint32_t code) {
    int op = op_lookup(0, code);
    if (op < 0 || op_feature(op) != 0)
        return 0;
    unsigned kind;
    switch (op_infos[op].imm) {
    case IMM_NONE: kind = QUICK_PLAIN; break;
    case IMM_LABEL: case IMM_FUNC: case IMM_LOCAL: case IMM_GLOBAL: kind = QUICK_INDEX; break;
    case IMM_I32: kind = QUICK_I32; break;
    case IMM_BLOCKTYPE: kind = QUICK_BLOCK; break;
    default: return 0;
    }
    return (uint16_t)(kind << QUICK_KIND_SHIFT | (unsigned)op);
}

void insn_read_any(insn_reader *ir, insn *in) {
    /* Per opcode, its proposal: one test per instruction, not one per proposal. */
    static uint8_t feature[OP_COUNT];
    static int ready;
    if (!ready) {
        for (int op = 0; op < OP_COUNT; op++)
            feature[op] = (uint8_t)op_feature(op);
        for (uint32_t code = 0; code < 256; code++)
            insn_quick[code] = quick_entry(code);
        ready = 1;
    }
    reader *r = &ir->r;
    in->offset = rd_offset(r);
    uint8_t prefix = 0;
    uint32_t code = rd_u8(r);
    if (code == 0xfc || code == 0xfd || code == 0xfe) {
        prefix = (uint8_t)code;
        code = rd_u32(r);
    }
    int op = op_lookup(prefix, code);
    if (op < 0) {
        r->p = r->base + in->offset;
        if (prefix)
            rd_fail(r, "illegal opcode 0x%02x 0x%x", prefix, code);
        rd_fail(r, "illegal opcode 0x%02x", code);
    }
    if (feature[op] & ~ir->features)
        feature_off(r, in->offset, op);
    insn_start(in, (opcode)op);
    imm_kind imm = op_infos[op].imm;
    if (imm == IMM_NONE) /* most instructions */
        return;
    switch (imm) {
    case IMM_NONE:
        break;
    case IMM_BLOCKTYPE:
        read_blocktype(r, in);
        break;
    case IMM_LABEL: case IMM_FUNC: case IMM_LOCAL: case IMM_GLOBAL:
    case IMM_TABLE: case IMM_DATA: case IMM_ELEM: case IMM_TAG:
        in->a = rd_u32(r);
        break;
    case IMM_BR_TABLE: {
        uint32_t n = rd_u32(r);
        /* Each target takes at least one byte: a count beyond the rest of
           the input is malformed, and never drives a huge allocation. */
        if (n > (size_t)(r->end - r->p))
            rd_fail(r, "unexpected end");
        in->targets = arena_array(ir->a, n ? n : 1, sizeof(uint32_t));
        for (uint32_t i = 0; i < n; i++)
            in->targets[i] = rd_u32(r);
        in->ntargets = n;
        in->a = rd_u32(r);
        break;
    }
    case IMM_CALL_INDIRECT:
        in->a = rd_u32(r);
        in->b = rd_u32(r);
        break;
    case IMM_SELECT_T: {
        uint32_t n = rd_u32(r);
        if (n != 1)
            diag_fail(r->d, DIAG_INVALID, in->offset, "invalid result arity");
        in->vt = read_valtype(r);
        break;
    }
    case IMM_MEMARG:
        read_memarg(ir, in);
        break;
    case IMM_MEMORY:
        in->a = read_memidx(ir);
        break;
    case IMM_I32:
        in->bits = (uint32_t)rd_s32(r);
        break;
    case IMM_I64:
        in->bits = (uint64_t)rd_s64(r);
        break;
    case IMM_F32:
        in->bits = rd_f32_bits(r);
        break;
    case IMM_F64:
        in->bits = rd_f64_bits(r);
        break;
    case IMM_REFTYPE:
        in->vt = read_reftype(r);
        break;
    case IMM_MEMORY_INIT:
        in->a = rd_u32(r);
        in->b = read_memidx(ir);
        break;
    case IMM_MEMORY_COPY:
        in->a = read_memidx(ir);
        in->b = read_memidx(ir);
        break;
    case IMM_TABLE_INIT:
    case IMM_TABLE_COPY:
        in->a = rd_u32(r);
        in->b = rd_u32(r);
        break;
    case IMM_V128:
    case IMM_SHUFFLE:
        for (int i = 0; i < 16; i++)
            in->v128[i] = rd_u8(r);
        break;
    case IMM_LANE:
        in->lane = rd_u8(r);
        break;
    case IMM_MEMARG_LANE:
        read_memarg(ir, in);
        in->lane = rd_u8(r);
        break;
    }
}
