/* Branchy code: a stack-machine bytecode interpreter, one dense switch (br_table in wasm). */
#include "bench.h"

#ifndef ITERS
#define ITERS 12000000
#endif

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, AND, XOR, SHR, SHL, LT, JZ, JMP, DUP, DROP, INC, HALT, NOP };

static int32_t code[256];
static uint32_t regs[8];

static uint32_t execute(const int32_t *pc0) {
    uint32_t stack[64];
    uint32_t *sp = stack;
    const int32_t *pc = pc0;
    for (;;) {
        switch (*pc++) {
        case PUSH: *sp++ = (uint32_t)*pc++; break;
        case LOAD: *sp++ = regs[*pc++]; break;
        case STORE: regs[*pc++] = *--sp; break;
        case ADD: sp--; sp[-1] += sp[0]; break;
        case SUB: sp--; sp[-1] -= sp[0]; break;
        case MUL: sp--; sp[-1] *= sp[0]; break;
        case AND: sp--; sp[-1] &= sp[0]; break;
        case XOR: sp--; sp[-1] ^= sp[0]; break;
        case SHR: sp--; sp[-1] >>= (sp[0] & 31); break;
        case SHL: sp--; sp[-1] <<= (sp[0] & 31); break;
        case LT: sp--; sp[-1] = sp[-1] < sp[0]; break;
        case JZ: { int32_t t = *pc++; if (*--sp == 0) pc = pc0 + t; break; }
        case JMP: pc = pc0 + *pc; break;
        case DUP: sp[0] = sp[-1]; sp++; break;
        case DROP: sp--; break;
        case INC: regs[*pc++]++; break;
        case HALT: return regs[1] ^ regs[2];
        case NOP: break;
        default: return 0xdeadbeef;
        }
    }
}

/* r0 = i, r1 = x, r2 = acc, r3 = n
   while (i < n) { x = x*1103515245 + 12345; t = x >> 16;
                   if (t & 1) acc += t; else acc ^= i << 3;  i++; } */
static int emit(int32_t *c, uint32_t n) {
    int p = 0, loop, jz_end, jz_else, jmp_join, els, end;
    c[p++] = PUSH; c[p++] = (int32_t)n; c[p++] = STORE; c[p++] = 3;
    loop = p;
    c[p++] = LOAD; c[p++] = 0; c[p++] = LOAD; c[p++] = 3; c[p++] = LT;
    c[p++] = JZ; jz_end = p++;
    c[p++] = LOAD; c[p++] = 1; c[p++] = PUSH; c[p++] = 1103515245; c[p++] = MUL;
    c[p++] = PUSH; c[p++] = 12345; c[p++] = ADD; c[p++] = DUP; c[p++] = STORE; c[p++] = 1;
    c[p++] = PUSH; c[p++] = 16; c[p++] = SHR; c[p++] = DUP; c[p++] = STORE; c[p++] = 4;
    c[p++] = PUSH; c[p++] = 1; c[p++] = AND; c[p++] = JZ; jz_else = p++;
    c[p++] = LOAD; c[p++] = 2; c[p++] = LOAD; c[p++] = 4; c[p++] = ADD; c[p++] = STORE; c[p++] = 2;
    c[p++] = JMP; jmp_join = p++;
    els = p;
    c[p++] = LOAD; c[p++] = 2; c[p++] = LOAD; c[p++] = 0; c[p++] = PUSH; c[p++] = 3; c[p++] = SHL;
    c[p++] = XOR; c[p++] = STORE; c[p++] = 2; c[p++] = NOP;
    c[jmp_join] = p;
    c[jz_else] = els;
    c[p++] = INC; c[p++] = 0; c[p++] = JMP; c[p++] = loop;
    end = p;
    c[jz_end] = end;
    c[p++] = HALT;
    return p;
}

BENCH_EXPORT uint32_t run(void) {
    uint32_t r, h = 0;
    emit(code, ITERS / 4);
    for (r = 0; r < 4; r++) {
        int i;
        for (i = 0; i < 8; i++)
            regs[i] = 0;
        regs[1] = r + 1;
        h = h * 16777619u ^ execute(code);
    }
    return h;
}
