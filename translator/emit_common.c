#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cname.h"
#include "emit_internal.h"
#include "insn.h"

const char *ctype(valtype t) {
    switch (t) {
    case VT_I32: return "uint32_t";
    case VT_I64: return "uint64_t";
    case VT_F32: return "float";
    case VT_F64: return "double";
    case VT_V128: return "w2cl_v128";
    default: return "void *";
    }
}

const char *vt_field(valtype t) {
    switch (t) {
    case VT_I32: return "i32";
    case VT_I64: return "i64";
    case VT_F32: return "f32";
    case VT_F64: return "f64";
    case VT_V128: return "v128";
    default: return "ref";
    }
}

void emit_func_name(strbuf *sb, const emit_ctx *e, uint32_t f) {
    const module *m = e->m;
    if (e->opt->split) /* "foo__f3": no export's name ("foo_" + mangled) starts "foo__f" */
        sb_printf(sb, "%s__", e->prefix);
    sb_putc(sb, 'f');
    sb_put_u32(sb, f);
    int plain = e->func_plain && e->func_plain[f]; /* known to have no name */
    if (!plain && m->funcs[f].name && m->funcs[f].name[0]) {
        sb_puts(sb, "_");
        cname_readable(sb, m->funcs[f].name);
    }
}

/* "MODULE_NAME" of an import, mangled: its member in the imports struct. A
   name imported again (with another type) gets "_importN" added; mangled
   names never contain "_i", so this cannot collide. */
void import_member(strbuf *sb, const module *m, uint32_t i) {
    const import *im = &m->imports[i];
    cname_mangle_start(sb, im->module, im->module_len);
    sb_puts(sb, "_");
    cname_mangle(sb, im->name, im->name_len);
    for (uint32_t j = 0; j < i; j++) {
        const import *other = &m->imports[j];
        if (other->module_len == im->module_len && other->name_len == im->name_len &&
            !memcmp(other->module, im->module, im->module_len) && !memcmp(other->name, im->name, im->name_len)) {
            sb_printf(sb, "_import%u", i);
            break;
        }
    }
}

void emit_direct_import(strbuf *sb, const module *m, uint32_t i) {
    sb_puts(sb, "w2cl_import_");
    import_member(sb, m, i);
}

int needs_pointer_entry(const module *m, uint32_t f) {
    return m->func_declared[f] || (m->has_start && m->start == f);
}

const char *func_storage(const emit_ctx *e) { return e->opt->split ? "" : "static "; }

const char *result_ctype(const func_type *t) {
    return t->nresults == 1 ? ctype(t->types[t->nparams]) : "void";
}

/* ", T name" ("void *name" without the space). */
static void param_decl(strbuf *sb, valtype t, const char *name) {
    const char *c = ctype(t);
    sb_putn(sb, ", ", 2);
    sb_put_short(sb, c);
    if (c[strlen(c) - 1] != '*')
        sb_putc(sb, ' ');
    sb_put_short(sb, name);
}

/* A parameter's name: `prefix` and the decimal digits of i. */
static const char *numbered(char *buf, const char *prefix, uint32_t i) {
    size_t n = strlen(prefix);
    memcpy(buf, prefix, n);
    *put_decimal(buf + n, i) = 0;
    return buf;
}

void emit_func_decl(strbuf *sb, const module *m, uint32_t type_idx, const char *name,
                    const char *first_param, const char *const *param_names) {
    const func_type *t = &m->types[type_idx];
    sb_put_short(sb, result_ctype(t));
    sb_putc(sb, ' ');
    sb_put_short(sb, name);
    sb_putc(sb, '(');
    sb_put_short(sb, first_param);
    for (uint32_t i = 0; i < t->nparams; i++) {
        char buf[24];
        param_decl(sb, t->types[i], param_names ? param_names[i] : numbered(buf, "l", i));
    }
    if (t->nresults > 1) {
        for (uint32_t i = 0; i < t->nresults; i++) {
            char buf[24];
            param_decl(sb, t->types[t->nparams + i], numbered(buf, "*r", i));
        }
    }
    sb_putc(sb, ')');
}

void emit_global(strbuf *sb, const module *m, uint32_t g) {
    sb_printf(sb, m->globals[g].imported ? "(*inst->g%u)" : "inst->g%u", g);
}

void emit_global_addr(strbuf *sb, const module *m, uint32_t g) {
    sb_printf(sb, m->globals[g].imported ? "inst->g%u" : "&inst->g%u", g);
}

/*
 * A finite double as printf's "%a" writes it (glibc's form: "0x1.8p+1",
 * "0x0p+0", subnormals "0x0.0000000000001p-1022"), by hand: the same
 * text on every C library, and much faster than vsnprintf.
 */
static void emit_hex_double(strbuf *sb, uint64_t bits) {
    char buf[32], *p = buf;
    if (bits >> 63)
        *p++ = '-';
    unsigned biased = (unsigned)(bits >> 52) & 0x7ff;
    uint64_t mant = bits & ((UINT64_C(1) << 52) - 1);
    int exp = biased ? (int)biased - 1023 : mant ? -1022 : 0;
    memcpy(p, biased ? "0x1" : "0x0", 3);
    p += 3;
    if (mant) {
        *p++ = '.';
        for (int shift = 48; mant & ((UINT64_C(1) << (shift + 4)) - 1); shift -= 4)
            *p++ = "0123456789abcdef"[(mant >> shift) & 0xf];
    }
    *p++ = 'p';
    *p++ = exp < 0 ? '-' : '+';
    unsigned e = (unsigned)(exp < 0 ? -exp : exp);
    char digits[8], *d = digits + sizeof digits;
    do {
        *--d = (char)('0' + e % 10);
        e /= 10;
    } while (e);
    memcpy(p, d, (size_t)(digits + sizeof digits - d));
    p += digits + sizeof digits - d;
    sb_putn(sb, buf, (size_t)(p - buf));
}

/* Finite values as exact hexadecimal literals; NaN and infinity by bit pattern. */
void emit_f32_literal(strbuf *sb, uint32_t bits) {
    if ((bits & 0x7f800000u) == 0x7f800000u) {
        sb_printf(sb, "w2cl_f32_reinterpret_i32(0x%08" PRIx32 "u)", bits);
        return;
    }
    float f;
    memcpy(&f, &bits, sizeof f);
    double wide = (double)f;
    uint64_t wide_bits;
    memcpy(&wide_bits, &wide, sizeof wide_bits);
    emit_hex_double(sb, wide_bits);
    sb_putn(sb, "f", 1);
}

void emit_f64_literal(strbuf *sb, uint64_t bits) {
    if ((bits & UINT64_C(0x7ff0000000000000)) == UINT64_C(0x7ff0000000000000)) {
        sb_printf(sb, "w2cl_f64_reinterpret_i64(UINT64_C(0x%016" PRIx64 "))", bits);
        return;
    }
    emit_hex_double(sb, bits);
}

/* 16 immediate bytes as two little-endian u64 halves: "lo, hi". */
void emit_v128_halves(strbuf *sb, const uint8_t b[16]) {
    uint64_t half[2] = {0, 0};
    for (int i = 0; i < 16; i++)
        half[i / 8] |= (uint64_t)b[i] << (8 * (i % 8));
    sb_printf(sb, "UINT64_C(0x%016" PRIx64 "), UINT64_C(0x%016" PRIx64 ")", half[0], half[1]);
}

void emit_v128_literal(strbuf *sb, const uint8_t b[16]) {
    sb_puts(sb, "w2cl_v128_const(");
    emit_v128_halves(sb, b);
    sb_puts(sb, ")");
}

const char *zero_value(valtype t) {
    switch (t) {
    case VT_I32: case VT_I64: case VT_F32: case VT_F64: return "0";
    case VT_V128: return "w2cl_v128_zero()";
    default: return "NULL";
    }
}

/* One leaf of a constant expression (a value pushed by one instruction). */
static void emit_const_leaf(strbuf *sb, emit_ctx *e, const insn *in) {
    switch (in->op) {
    case OP_I32_CONST: sb_printf(sb, "%" PRIu32 "u", (uint32_t)in->bits); break;
    case OP_I64_CONST: sb_printf(sb, "UINT64_C(%" PRIu64 ")", in->bits); break;
    case OP_F32_CONST: emit_f32_literal(sb, (uint32_t)in->bits); break;
    case OP_F64_CONST: emit_f64_literal(sb, in->bits); break;
    case OP_V128_CONST: emit_v128_literal(sb, in->v128); e->uses_simd = 1; break;
    case OP_REF_NULL: sb_puts(sb, "NULL"); break;
    case OP_REF_FUNC: sb_printf(sb, "(void *)&inst->funcs[%u]", in->a); break;
    case OP_GLOBAL_GET:
        emit_global(sb, e->m, in->a);
        sb_printf(sb, ".value.%s", vt_field(e->m->globals[in->a].type.type));
        break;
    default: /* the validator admits nothing else */
        diag_fail(e->d, DIAG_INVALID, in->offset, "constant expression required");
    }
}

/* Copies the text of `sb` into the arena and frees `sb`. */
static char *arena_string(emit_ctx *e, strbuf *sb) {
    char *s = arena_alloc(e->a, sb->len + 1);
    if (sb->len)
        memcpy(s, sb->data, sb->len);
    sb_free(sb);
    return s;
}

/*
 * The instructions of a constant expression (extended-const: operators
 * too) evaluated on a stack of C expression texts; what is left on top is
 * the expression. A single instruction gives exactly its leaf.
 */
void emit_const_expr(strbuf *sb, emit_ctx *e, byte_span expr) {
    insn_reader ir = {{e->m->bytes, expr.start, expr.start + expr.len, e->d}, e->a, e->m->features};
    char **stack = arena_array(e->a, expr.len ? expr.len : 1, sizeof(char *));
    size_t n = 0;
    for (;;) {
        insn in;
        insn_read(&ir, &in);
        if (in.op == OP_END)
            break;
        strbuf item;
        sb_init(&item, e->d);
        const op_info *oi = &op_infos[in.op];
        if (oi->cls == CLS_SIMPLE && oi->c && n >= 2) { /* i32/i64 add, sub, mul */
            sb_printf(&item, "(%s)(%s %s %s)", ctype(oi->r), stack[n - 2], oi->c, stack[n - 1]);
            n -= 2;
        } else {
            emit_const_leaf(&item, e, &in);
        }
        stack[n++] = arena_string(e, &item);
    }
    sb_puts(sb, n ? stack[n - 1] : "0");
}
