#!/usr/bin/env python3
"""Writes a large, valid WebAssembly module for the translation-speed benchmark.

usage: gen_module.py OUT.wasm [--mb 5] [--seed 1]

The module is mostly code: many functions of compiler-like shape (locals, counted loops,
if/else, br_table switches, loads and stores with offsets, direct calls, call_indirect through
a table holding every function, i32/i64/f64 arithmetic), generated from a fixed seed so the
same arguments always give the same bytes. It is meant to be translated and compiled, not run.
Python 3 standard library only; writes the binary format directly.
"""
import argparse
import random
import struct
import sys


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


I32, I64, F64 = 0x7F, 0x7E, 0x7C
# function types: (params, results)
TYPES = [
    ((I32, I32), (I32,)),
    ((I32,), (I32,)),
    ((I32, I32, I32), ()),
    ((I64, I32), (I64,)),
    ((F64, F64), (F64,)),
]
# declared locals of every function (after the params): 3 i32, 2 i64, 2 f64
LOCALS = [(3, I32), (2, I64), (2, F64)]

I32_BIN = [0x6A, 0x6B, 0x6C, 0x71, 0x72, 0x73, 0x74, 0x76, 0x77]  # add sub mul and or xor shl shr_u rotl
I32_CMP = [0x46, 0x47, 0x48, 0x49, 0x4A, 0x4D]  # eq ne lt_s lt_u gt_s le_u
I64_BIN = [0x7C, 0x7D, 0x7E, 0x83, 0x85, 0x86, 0x88]  # add sub mul and xor shl shr_u
F64_BIN = [0xA0, 0xA1, 0xA2, 0xA3]  # add sub mul div


class Func:
    def __init__(self, g, tidx):
        self.g = g
        self.r = g.r
        self.params, self.results = TYPES[tidx]
        self.locals = list(self.params)
        for n, t in LOCALS:
            self.locals += [t] * n
        self.code = bytearray()
        self.depth = 0  # open control blocks inside the body

    def loc(self, t):
        return self.r.choice([i for i, lt in enumerate(self.locals) if lt == t])

    # ---- expressions (push one value of type t) ----
    def expr(self, t, d):
        c, r = self.code, self.r
        if t == I32:
            k = r.randrange(12) if d > 0 else r.randrange(3)
            if k == 0:
                c += b"\x41" + sleb(r.randrange(-1000, 100000))
            elif k in (1, 2):
                c += b"\x20" + uleb(self.loc(I32))
            elif k <= 5:
                self.expr(I32, d - 1)
                self.expr(I32, d - 1)
                c.append(r.choice(I32_BIN))
            elif k == 6:
                self.expr(I32, d - 1)
                self.expr(I32, d - 1)
                c.append(r.choice(I32_CMP))
            elif k == 7:  # load with offset
                self.addr(d)
                op, align = r.choice(((0x28, 2), (0x2D, 0), (0x2F, 1)))  # i32.load, load8_u, load16_u
                c += bytes([op]) + uleb(align) + uleb(r.randrange(0, 4096, 4))
            elif k == 8:
                self.call(d, want=I32)
            elif k == 9:  # i64 -> i32
                self.expr(I64, d - 1)
                c.append(0xA7)
            elif k == 10:  # select
                self.expr(I32, d - 1)
                self.expr(I32, d - 1)
                self.expr(I32, d - 1)
                c.append(0x1B)
            else:  # f64 -> i32 saturating
                self.expr(F64, d - 1)
                c += b"\xFC\x02"
        elif t == I64:
            k = r.randrange(6) if d > 0 else r.randrange(2)
            if k == 0:
                c += b"\x42" + sleb(r.randrange(-(1 << 40), 1 << 40))
            elif k == 1:
                c += b"\x20" + uleb(self.loc(I64))
            elif k <= 3:
                self.expr(I64, d - 1)
                self.expr(I64, d - 1)
                c.append(r.choice(I64_BIN))
            elif k == 4:
                self.expr(I32, d - 1)
                c.append(0xAD)  # i64.extend_i32_u
            else:
                self.addr(d)
                c += b"\x29\x03" + uleb(r.randrange(0, 4096, 8))
        else:
            k = r.randrange(5) if d > 0 else r.randrange(2)
            if k == 0:
                c += b"\x44" + struct.pack("<d", r.uniform(-100, 100))
            elif k == 1:
                c += b"\x20" + uleb(self.loc(F64))
            elif k <= 3:
                self.expr(F64, d - 1)
                self.expr(F64, d - 1)
                c.append(r.choice(F64_BIN))
            else:
                self.expr(I32, d - 1)
                c.append(0xB7)  # f64.convert_i32_s

    def addr(self, d):
        """An i32 address: a local plus something small, masked into the first 64 KiB."""
        c = self.code
        c += b"\x20" + uleb(self.loc(I32))
        if d > 0 and self.r.randrange(2):
            self.expr(I32, d - 1)
            c.append(0x6A)
        c += b"\x41" + sleb(0xFFF0) + b"\x71"

    def call(self, d, want=None):
        g, c, r = self.g, self.code, self.r
        cands = g.by_result[want] if want else g.all_funcs
        callee = r.choice(cands)
        tidx = g.ftype[callee]
        for p in TYPES[tidx][0]:
            self.expr(p, min(d - 1, 1))
        if r.randrange(4) == 0:  # call_indirect through the table
            c += b"\x41" + sleb(callee) + b"\x11" + uleb(tidx) + b"\x00"
        else:
            c += b"\x10" + uleb(callee)
        return TYPES[tidx][1]

    # ---- statements ----
    def stmt(self, d):
        c, r = self.code, self.r
        k = r.randrange(10) if d > 0 else r.randrange(4)
        if k <= 1:
            t = r.choice((I32, I32, I32, I64, F64))
            self.expr(t, 2)
            c += b"\x21" + uleb(self.loc(t))
        elif k == 2:  # store
            t = r.choice((I32, I32, I64, F64))
            self.addr(1)
            self.expr(t, 2)
            op, align = {I32: (0x36, 2), I64: (0x37, 3), F64: (0x39, 3)}[t]
            c += bytes([op]) + uleb(align) + uleb(r.randrange(0, 4096, 8))
        elif k == 3:  # call, dropping any result
            res = self.call(1)
            for _ in res:
                c.append(0x1A)
        elif k <= 5:  # if / else
            self.expr(I32, 2)
            c += b"\x04\x40"
            self.block(d - 1, r.randrange(1, 4))
            if r.randrange(2):
                c.append(0x05)
                self.block(d - 1, r.randrange(1, 3))
            c.append(0x0B)
        elif k <= 7:  # counted loop: block loop ... i++ ; br_if 0 (i < n) end end
            i = self.loc(I32)
            c += b"\x41\x00\x21" + uleb(i)
            c += b"\x02\x40\x03\x40"
            self.block(d - 1, r.randrange(2, 5))
            self.expr(I32, 1)  # an early exit, as clang emits
            c += b"\x0D\x01"  # br_if 1 (out of the block)
            c += b"\x20" + uleb(i) + b"\x41\x01\x6A\x22" + uleb(i)  # i = i + 1 (tee)
            c += b"\x41" + sleb(r.randrange(4, 200)) + b"\x49\x0D\x00"  # lt_u; br_if 0
            c += b"\x0B\x0B"
        elif k == 8:  # switch: n+1 nested blocks, br_table, one case body per block end
            n = r.randrange(3, 9)
            c += b"\x02\x40" * (n + 1)
            self.expr(I32, 1)
            c += b"\x0E" + uleb(n) + b"".join(uleb(j) for j in range(n)) + uleb(n)
            for j in range(n):
                c.append(0x0B)
                self.block(d - 1, r.randrange(1, 3))
                c += b"\x0C" + uleb(n - j - 1)  # br to the end of the switch
            c.append(0x0B)
        else:  # early return
            self.expr(I32, 1)
            c += b"\x04\x40"
            for t in self.results:
                self.expr(t, 1)
            c += b"\x0F\x0B"

    def block(self, d, n):
        for _ in range(n):
            self.stmt(d)

    def body(self):
        r = self.r
        self.block(2, r.randrange(4, 12))
        for t in self.results:
            self.expr(t, 2)
        self.code.append(0x0B)
        loc = uleb(len(LOCALS)) + b"".join(uleb(n) + bytes([t]) for n, t in LOCALS)
        return loc + bytes(self.code)


class Gen:
    def __init__(self, seed, nfuncs):
        self.r = random.Random(seed)
        self.ftype = [self.r.randrange(len(TYPES)) for _ in range(nfuncs)]
        self.all_funcs = list(range(nfuncs))
        self.by_result = {t: [f for f in self.all_funcs if TYPES[self.ftype[f]][1] == (t,)] for t in (I32, I64, F64)}


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


def vec(items):
    return uleb(len(items)) + b"".join(items)


def generate(mb, seed):
    target = int(mb * 1024 * 1024)
    # calibrate the number of functions on a sample of bodies
    g = Gen(seed, 1000)
    avg = sum(len(Func(g, g.ftype[f]).body()) + 2 for f in range(300)) / 300.0
    nfuncs = max(16, int(target / avg))
    g = Gen(seed, nfuncs)
    bodies, total = [], 0
    for f in range(nfuncs):
        b = Func(g, g.ftype[f]).body()
        bodies.append(uleb(len(b)) + b)
        total += len(bodies[-1])
    types = vec([b"\x60" + vec([bytes([p]) for p in ps]) + vec([bytes([t]) for t in rs]) for ps, rs in TYPES])
    funcs = vec([uleb(t) for t in g.ftype])
    table = vec([b"\x70\x00" + uleb(nfuncs)])
    memory = vec([b"\x00\x01"])
    exports = vec([uleb(len(n)) + n + b"\x00" + uleb(i) for i, n in ((0, b"f0"), (1, b"f1"))])
    elems = vec([b"\x00\x41\x00\x0B" + vec([uleb(f) for f in range(nfuncs)])])
    code = uleb(nfuncs) + b"".join(bodies)
    mod = (b"\x00asm\x01\x00\x00\x00" + section(1, types) + section(3, funcs) + section(4, table) +
           section(5, memory) + section(7, exports) + section(9, elems) + section(10, code))
    return mod, len(code), nfuncs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=5.0, help="approximate module size in MiB (default 5)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    mod, code_len, n = generate(a.mb, a.seed)
    with open(a.out, "wb") as f:
        f.write(mod)
    print("%s: %d bytes, code section %d bytes, %d functions" % (a.out, len(mod), code_len, n))


if __name__ == "__main__":
    sys.exit(main())
