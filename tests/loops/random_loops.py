#!/usr/bin/env python3
"""Random loops for the copies checked up front (translator/fast_loop.c).

Writes modules of counted loops whose accesses move by a fixed step, with
starts, bounds and steps drawn near the edges (the end of memory, 0, 2^31,
2^32), as one .wast with the results a small model of wasm computes here:
return values, traps and a hash of all memory after every call. Then runs it
with spec-tests/run.py, so the translated loops must agree with the model
whichever copy runs.

usage: random_loops.py --translator T --work DIR [--seed N] [--modules N]
                       [--guard-pages] [--sanitize] [--no-loop-copies]
"""
import argparse
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RUN = os.path.join(HERE, "..", "..", "spec-tests", "run.py")
PAGE = 65536
M32 = 0xFFFFFFFF

# access kind: (wat instruction, bytes, is store)
ACCESSES = [("i32.load8_u", 1, False), ("i32.load16_u", 2, False), ("i32.load", 4, False),
            ("i64.load", 8, False), ("i32.store8", 1, True), ("i32.store16", 2, True),
            ("i32.store", 4, True), ("i64.store32", 4, True), ("v128.load", 16, False),
            ("v128.store", 16, True)]
COMPARES = ["ne", "lt_u", "lt_s", "le_u", "le_s", "gt_u", "gt_s", "ge_u", "ge_s"]


class Trap(Exception):
    pass


def s32(x):
    x &= M32
    return x - (1 << 32) if x & 0x80000000 else x


def compare(op, a, b):
    if op.endswith("_s"):
        a, b = s32(a), s32(b)
    return {"ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b}[op.split("_")[0]]


class Loop:
    """One function: i from $start by step (a constant or $step) while
    compare(i + step, $end); accesses at coef * i + [$base] + k, offset."""

    def __init__(self, rnd, index):
        self.name = "loop%d" % index
        self.runtime_step = rnd.random() < 0.25
        self.step = rnd.choice([1, 2, 3, 4, 8, -1, -2, -4, 16, 5])
        self.op = rnd.choice(COMPARES)
        self.swap = rnd.random() < 0.3  # bound on the left of the comparison
        self.early = rnd.random() < 0.3  # an exit from the middle
        self.masked = rnd.random() < 0.25  # one access whose address is not affine
        self.accesses = []
        for _ in range(rnd.randint(1, 3)):
            kind = rnd.choice(ACCESSES)
            coef = rnd.choice([1, 1, 2, 4, 8])
            base = rnd.random() < 0.4
            k = rnd.choice([0, 0, 0, 0, 4, 12, 100, 1000, -256, 65000, -(1 << 31), rnd.randrange(1 << 32)])
            offset = rnd.choice([0, 0, 0, 0, 8, 256, 4096, 65530])
            self.accesses.append((kind, coef, base, k, offset))

    def wat(self):
        out = ['  (func (export "%s") (param $i i32) (param $end i32) (param $step i32) (param $base i32)'
               ' (result i32)' % self.name, "    (local $acc i32) (local $v v128)", "    (block $out",
               "      (loop $l"]
        for kind, coef, base, k, offset in self.accesses:
            addr = "(local.get $i)"
            if coef != 1:
                addr = "(i32.mul %s (i32.const %d))" % (addr, coef)
            if base:
                addr = "(i32.add %s (local.get $base))" % addr
            if k:
                addr = "(i32.add %s (i32.const %d))" % (addr, s32(k))
            mem = "offset=%d " % offset if offset else ""
            instr, size, store = kind
            if store:
                value = "(i64.extend_i32_u (local.get $acc))" if instr.startswith("i64") else "(local.get $acc)"
                if instr.startswith("v128"):
                    value = "(i32x4.splat (local.get $acc))"
                out.append("        (%s %s%s %s)" % (instr, mem, addr, value))
                out.append("        (local.set $acc (i32.add (local.get $acc) (i32.const 0x9e3779b9)))")
            else:
                load = "(%s %s%s)" % (instr, mem, addr)
                if instr.startswith("v128"):  # lanes 0 and 3 of the 16 bytes
                    out.append("        (local.set $v %s)" % load)
                    load = "(i32.xor (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))"
                if instr.startswith("i64"):
                    load = "(i32.wrap_i64 (i64.rotl %s (i64.const 7)))" % load
                out.append("        (local.set $acc (i32.add (i32.rotl (local.get $acc) (i32.const 5)) %s))" % load)
        if self.masked:
            out.append("        (local.set $acc (i32.xor (local.get $acc) (i32.load8_u offset=60000 "
                       "(i32.and (local.get $acc) (i32.const 0x1fff)))))")
        if self.early:
            out.append("        (br_if $out (i32.eq (i32.and (local.get $acc) (i32.const 0xff)) (i32.const 7)))")
        step = "(local.get $step)" if self.runtime_step else "(i32.const %d)" % self.step
        nxt = "(local.tee $i (i32.add (local.get $i) %s))" % step
        a, b = ("(local.get $end)", nxt) if self.swap else (nxt, "(local.get $end)")
        out.append("        (br_if $l (i32.%s %s %s))))" % (self.op, a, b))
        out.append("    (local.get $acc))")
        return "\n".join(out)

    def run(self, mem, i, end, step_arg, base, limit):
        """The model; returns acc or raises Trap. `limit` trips at most (a
        loop that runs on past it is not used)."""
        step = step_arg if self.runtime_step else self.step & M32
        op, acc, trips = self.op, 0, 0
        while True:
            trips += 1
            if trips > limit:
                raise OverflowError
            for (instr, size, store), coef, base_on, k, offset in self.accesses:
                addr = (i * coef + (base if base_on else 0) + k) & M32
                ea = addr + offset
                if ea + size > len(mem):
                    raise Trap
                if store and size == 16:
                    mem[ea:ea + 16] = acc.to_bytes(4, "little") * 4
                    acc = (acc + 0x9E3779B9) & M32
                elif store:
                    mem[ea:ea + size] = (acc & ((1 << (8 * size)) - 1)).to_bytes(size, "little")
                    acc = (acc + 0x9E3779B9) & M32
                else:
                    v = int.from_bytes(mem[ea:ea + size], "little")
                    if size == 16:
                        v = (v & M32) ^ (v >> 96)
                    if size == 8:
                        v = ((v << 7) | (v >> 57)) & 0xFFFFFFFF
                    acc = ((((acc << 5) | (acc >> 27)) & M32) + v) & M32
            if self.masked:
                ea = (acc & 0x1FFF) + 60000
                if ea + 1 > len(mem):
                    raise Trap
                acc ^= mem[ea]
            if self.early and acc & 0xFF == 7:
                return acc
            i = (i + step) & M32
            if not (compare(op, end, i) if self.swap else compare(op, i, end)):
                return acc


def hash_func():
    return """  (func (export "hash") (result i32)
    (local $p i32) (local $h i32)
    (loop $l
      (local.set $h (i32.add (i32.mul (local.get $h) (i32.const 31)) (i32.load (local.get $p))))
      (br_if $l (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 4))) (i32.const 65536))))
    (local.get $h))"""


def init_func():
    return """  (func (export "init")
    (local $p i32)
    (loop $l
      (i32.store (local.get $p) (i32.mul (local.get $p) (i32.const -1640531535)))
      (br_if $l (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 4))) (i32.const 65536)))))"""


def hash_mem(mem):
    h = 0
    for p in range(0, PAGE, 4):
        h = (h * 31 + int.from_bytes(mem[p:p + 4], "little")) & M32
    return h


def edge_args(rnd, loop):
    """Arguments near the edges for `loop`: (start, end, step, base)."""
    step = rnd.choice([1, 2, 3, 4, -1, -4, 8]) & M32 if loop.runtime_step else loop.step & M32
    start = rnd.choice([0, 0, 1, 100, 1000, PAGE // 4, PAGE - 64, PAGE - 1, PAGE, 0x7FFFFFF0,
                        (1 << 32) - 16, 256, rnd.randrange(PAGE // 2), rnd.randrange(1 << 32)])
    trips = rnd.choice([1, 2, 3, 16, 100, 1000, 5000])
    end = (start + s32(step) * trips + rnd.choice([0, 0, 0, 1, -1, 2])) & M32
    if rnd.random() < 0.1:
        end = rnd.randrange(1 << 32)
    base = rnd.choice([0, 0, 0, 16, 1000, PAGE - 100, rnd.randrange(PAGE // 2), (1 << 32) - 100])
    return start, end, step, base


def make_wast(seed, modules):
    rnd = random.Random(seed)
    parts = [";; random_loops.py --seed %d --modules %d" % (seed, modules)]
    for _ in range(modules):
        loops = [Loop(rnd, n) for n in range(12)]
        parts.append("(module\n  (memory 1 1)\n%s\n%s\n%s)" % ("\n".join(l.wat() for l in loops), hash_func(),
                                                              init_func()))
        mem = bytearray(PAGE)
        for p in range(0, PAGE, 4):  # what init stores: something to load
            mem[p:p + 4] = ((p * 2654435761) & M32).to_bytes(4, "little")
        parts.append('(assert_return (invoke "init"))')
        for loop in loops:
            for _ in range(6):
                args = edge_args(rnd, loop)
                before = bytes(mem)
                try:
                    result = loop.run(mem, *args, limit=70000)
                    expect = "(i32.const %d)" % s32(result)
                    line = "(assert_return (invoke \"%s\" %s) %s)"
                except Trap:
                    line = "(assert_trap (invoke \"%s\" %s) \"out of bounds memory access\")"
                    expect = None
                except OverflowError:
                    mem[:] = before  # runs too long for a test: not used
                    continue
                call_args = " ".join("(i32.const %d)" % s32(a) for a in args)
                parts.append(line % (loop.name, call_args, expect) if expect else line % (loop.name, call_args))
                parts.append('(assert_return (invoke "hash") (i32.const %d))' % s32(hash_mem(mem)))
    return "\n".join(p for p in parts if p) + "\n"


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--translator", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--modules", type=int, default=8)
    p.add_argument("--guard-pages", action="store_true")
    p.add_argument("--sanitize", action="store_true")
    p.add_argument("--no-loop-copies", action="store_true",
                   help="translate without the copies: checks the model against the checked loops")
    a = p.parse_args(argv)
    suite = os.path.join(a.work, "suite")
    os.makedirs(suite, exist_ok=True)
    name = "random_loops_%d" % a.seed
    with open(os.path.join(suite, name + ".wast"), "w") as f:
        f.write(make_wast(a.seed, a.modules))
    translator = os.path.abspath(a.translator)
    if a.no_loop_copies:  # spec-tests/run.py takes no translator flags: a wrapper adds it
        translator = os.path.join(a.work, "translate-without-copies")
        with open(translator, "w") as f:
            f.write('#!/bin/sh\nexec "%s" --no-loop-copies "$@"\n' % os.path.abspath(a.translator))
        os.chmod(translator, 0o755)
    cmd = [sys.executable, RUN, "--testsuite", suite, "--translator", translator,
           "--work", os.path.join(a.work, "run")]
    if a.guard_pages:
        cmd.append("--guard-pages")
    if a.sanitize:
        cmd.append("--sanitize")
    return subprocess.call(cmd + [name])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
