#!/usr/bin/env python3
"""Differential testing of generated code against V8 (node).

usage: run.py [--seeds N] [--start S] [-j J] [--translator PATH] [--work DIR]
              [--failures DIR] [--reduce] [--keep] [--no-regressions] [-v]
       run.py --replay FILE.wasm...         run given modules (three configurations)
       run.py --check FILE.wasm --config=C --pool=P
                                            one module: print 'agree' or the
                                            disagreement's signature (the test
                                            command --reduce gives wasm-reduce)

For each seed a deterministic block of random bytes becomes a module through
binaryen's `wasm-opt -ttf` restricted to WebAssembly 2.0 (reference types
first; if V8 rejects that module, which binaryen 108's older reference-types
model often causes, wasm2c-lite must reject it too and the seed is redone
without reference types). The module runs in node (run_node.mjs) and, translated
by wasm2c-lite, compiled with rt/ and host.c; both print one line per event
(host calls, returns, traps) and the two outputs are compared. The rules (NaNs,
trap classes, exhaustion, explained differences) are in tests/diff/README.md.

Every tests/diff/regressions/*.wasm is replayed first (unless
--no-regressions). Ends with "N passed, N failed" over regressions and seeds
(explained differences count as passed and are listed before that line); exit
status 1 when anything failed. A failure's module, both outputs and a summary go
to --failures (default tests/diff/failures/); --reduce then runs wasm-reduce on
it. Standard library only; needs gcc, node, wasm-opt and wasm-reduce (binaryen).
"""
import argparse
import concurrent.futures
import os
import random
import re
import select
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
RT_DIR = REPO / "rt"
FAILURES = HERE / "failures"
REGRESSIONS = HERE / "regressions"

# WebAssembly 2.0 as binaryen 108 names it. Reference types are added on a
# first attempt (see above); threads, exceptions, tail calls, GC, memory64 ...
# stay off (--mvp-features disables everything not named here).
FEATURES = ["--mvp-features", "--enable-sign-ext", "--enable-nontrapping-float-to-int",
            "--enable-mutable-globals", "--enable-bulk-memory", "--enable-multivalue",
            "--enable-simd"]
REFTYPES = "--enable-reference-types"
# binaryen optimisation pipelines some seeds run after -ttf, for other code shapes
BINARYEN_OPTS = ["-O1", "-O2", "-O3", "-Os", "-Oz"]
C_OPTS = ["-O0", "-O1", "-O2"]
ROUNDS = 2  # every export is called ROUNDS times: zeros first, then pool values
TIMEOUT = 60
# values arguments are drawn from (plus random ones per seed)
SPECIAL = [0, 1, 2, 0xffffffff, 0x7fffffff, 0x80000000, 0xffffffffffffffff,
           0x8000000000000000, 0x7fffffffffffffff, 0x100000000, 65535, 65536, 1024,
           0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x80000000,  # f32 1,-1,inf,-inf,-0
           0x4f000000, 0xcf000000, 0x5f000000,  # f32 2^31, -2^31, 2^63
           0x3ff0000000000000, 0xbff0000000000000, 0x7ff0000000000000,
           0x8000000000000000, 0x41e0000000000000, 0xc1e0000000000000,
           0x43e0000000000000, 0x3fe0000000000000, 0x0000000000000001]


# ---- Configurations ---------------------------------------------------------------


class Config:
    """How one seed is built: C optimisation level, SIMD path, wasm-opt pipeline."""

    def __init__(self, copt="-O1", portable=False, bopt=None):
        self.copt, self.portable, self.bopt = copt, portable, bopt

    def __str__(self):
        return self.copt + (",portable" if self.portable else "") + \
            ("," + self.bopt if self.bopt else "")

    @staticmethod
    def parse(text):
        parts = text.split(",")
        c = Config(parts[0])
        for p in parts[1:]:
            if p == "portable":
                c.portable = True
            elif p:
                c.bopt = p
        return c


def seed_plan(seed):
    """The seed's input bytes, configuration and argument pool (deterministic)."""
    rng = random.Random(seed * 7919 + 17)
    size = int(2 ** rng.uniform(9, 14.5))  # 512 bytes .. 23 KB, log-uniform
    data = rng.getrandbits(8 * size).to_bytes(size, "little")
    cfg = Config(rng.choices(C_OPTS, weights=[4, 3, 3])[0], rng.random() < 0.25,
                 rng.choice(BINARYEN_OPTS) if rng.random() < 0.3 else None)
    pool = [rng.choice(SPECIAL) if rng.random() < 0.6 else rng.getrandbits(64)
            for _ in range(16)]
    return data, cfg, pool


def pool_text(pool):
    return ",".join("%x" % v for v in pool)


# ---- Building ------------------------------------------------------------------------


class Tools:
    def __init__(self, args, work):
        self.translator = str(Path(args.translator).resolve())
        self.cc = shlex.split(args.cc)
        self.node = args.node
        self.work = work
        self.objs = {}  # portable -> [objects]
        self.lock = threading.Lock()
        self.servers = []
        self.keep = False

    def runtime_objects(self, portable):
        """rt/*.c and host.c compiled once per run for each SIMD path."""
        with self.lock:
            if portable in self.objs:
                return self.objs[portable]
            d = self.work / ("rt-portable" if portable else "rt-fast")
            d.mkdir(parents=True, exist_ok=True)
            flags = ["-O1", "-I", str(RT_DIR), "-I", str(HERE)] + \
                (["-DW2CL_SIMD_PORTABLE"] if portable else [])
            sources = sorted(RT_DIR.glob("*.c")) + [HERE / "host.c"]
            procs, objs = [], []
            for src in sources:
                obj = d / (src.stem + ".o")
                objs.append(obj)
                procs.append((src, subprocess.Popen(self.cc + flags + ["-c", str(src), "-o", str(obj)],
                                                    stderr=subprocess.PIPE, text=True)))
            for src, p in procs:
                _, err = p.communicate()
                if p.returncode != 0:
                    sys.exit(f"run.py: cannot compile {src}:\n{err}")
            self.objs[portable] = objs
            return objs


def run(argv, timeout=TIMEOUT, **kw):
    """(returncode, stdout, stderr); returncode None on a timeout."""
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                           errors="replace", **kw)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        return None, out, "timeout"


def generate(data, features, bopt, d, name):
    """wasm-opt -ttf: the module file, or None (with wasm-opt's complaint)."""
    inp = d / (name + ".dat")
    out = d / (name + ".wasm")
    inp.write_bytes(data)
    argv = ["wasm-opt", "-ttf", str(inp), "-o", str(out)] + features + ([bopt] if bopt else [])
    rc, _, err = run(argv)
    if rc != 0:
        return None, (err.strip().splitlines() or ["wasm-opt failed"])[-1]
    return out, None


class NodeServer:
    """One `node run_node.mjs --serve` per worker thread: starting node costs
    more than running a module."""

    def __init__(self, node):
        self.node, self.proc, self.buf = node, None, b""

    def start(self):
        self.proc = subprocess.Popen([self.node, str(HERE / "run_node.mjs"), "--serve"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.buf = b""

    def stop(self):
        if self.proc:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def request(self, line, timeout=TIMEOUT):
        """The answer to one request; None (server stopped) on a timeout or crash."""
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
        except OSError:
            self.stop()
            return None
        fd = self.proc.stdout.fileno()
        deadline = time.time() + timeout
        while b"@@end\n" not in self.buf:
            left = deadline - time.time()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                self.stop()
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                self.stop()
                return None
            self.buf += chunk
        answer, self.buf = self.buf.split(b"@@end\n", 1)
        return answer.decode(errors="replace")


_local = threading.local()


def run_node(tools, wasm, pool, rounds=ROUNDS):
    server = getattr(_local, "node", None)
    if server is None:
        server = _local.node = NodeServer(tools.node)
        with tools.lock:
            tools.servers.append(server)
    out = server.request(f"{wasm}\t{pool_text(pool)}\t{rounds}")
    if out is None:  # timed out or crashed: once more in a fresh process, to tell which
        rc, out, err = run([tools.node, str(HERE / "run_node.mjs"), str(wasm), pool_text(pool),
                            str(rounds)])
        if rc != 0:
            out += f"node-failed rc={rc} {err.strip()[-300:]}\n"
    return out


def run_native(tools, wasm, cfg, pool, d, rounds=ROUNDS):
    """Translates, compiles and runs; ('rejected', message) when the translator
    refuses the module, else ('ran', output)."""
    mc = d / "m.c"
    rc, _, err = run([tools.translator, str(wasm), "-o", str(mc), "-n", "m"])
    if rc != 0:
        return "rejected", err.strip()
    unit = d / "unit.c"
    unit.write_text('#include "m.c"\n#include "diff_glue.h"\n')
    exe = d / "m.exe"
    argv = tools.cc + [cfg.copt, "-w", "-I", str(RT_DIR), "-I", str(HERE), "-I", str(d)] + \
        (["-DW2CL_SIMD_PORTABLE"] if cfg.portable else []) + \
        [str(unit)] + [str(o) for o in tools.runtime_objects(cfg.portable)] + \
        ["-lm", "-lpthread", "-o", str(exe)]
    rc, _, err = run(argv, timeout=600)
    if rc != 0:
        return "ran", f"compile-failed rc={rc} {err.strip()[-2000:]}\n"
    rc, out, err = run([str(exe), pool_text(pool), str(rounds)])
    if rc != 0:
        out += f"native-failed rc={rc} {err.strip()[-300:]}\n"
    return "ran", out


# ---- Comparing ------------------------------------------------------------------------


def is_nan(token):
    """Is this value token ("f32:0x...", "f64:0x...") a NaN?"""
    if token.startswith("f32:0x"):
        b = int(token[6:], 16)
        return (b & 0x7f800000) == 0x7f800000 and (b & 0x7fffff) != 0
    if token.startswith("f64:0x"):
        b = int(token[6:], 16)
        return (b & 0x7ff0000000000000) == 0x7ff0000000000000 and (b & 0xfffffffffffff) != 0
    return False


# Trap classes V8 does not tell apart: its "float unrepresentable in integer
# range" (node: conversion) is the spec's "integer overflow" for an
# out-of-range float-to-int truncation and "invalid conversion to integer" for
# a NaN; its "divide result unrepresentable" (overflow) only comes from
# division. (node line, wasm2c-lite line) pairs that agree:
TRAP_ALIASES = {("trap conversion", "trap overflow"),
                ("instantiate trap conversion", "instantiate trap overflow")}


def same_line(a, b):
    """Equal lines (a from node, b from wasm2c-lite), where any two NaNs of the
    same type are equal and V8's coarser trap classes match (README.md)."""
    if a == b or (a, b) in TRAP_ALIASES:
        return True
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb):
        return False
    for x, y in zip(ta, tb):
        if x != y and not (x[:4] == y[:4] and is_nan(x) and is_nan(y)):
            return False
    return True


def blocks(output):
    """Splits an output into the instantiation block and one block per call."""
    result, cur = [], []
    for line in output.splitlines():
        if line.startswith("call ") and cur:
            result.append(cur)
            cur = []
        cur.append(line)
    if cur:
        result.append(cur)
    return result


def compare(node_out, c_out):
    """(verdict, detail): verdict 'agree', 'explained:<why>' or 'disagree'."""
    nb, cb = blocks(node_out), blocks(c_out)
    for i in range(max(len(nb), len(cb))):
        x = nb[i] if i < len(nb) else []
        y = cb[i] if i < len(cb) else []
        if len(x) == len(y) and all(same_line(a, b) for a, b in zip(x, y)):
            continue
        # Call depth limits differ (V8: its stack size in bytes; wasm2c-lite:
        # W2CL_MAX_CALL_DEPTH calls): a call that exhausts V8 may run a
        # different amount of code, and everything after it may differ. Not
        # so when only wasm2c-lite runs out: its limit of 20000 calls is far
        # beyond what a module bounded by binaryen's hang limit reaches, so
        # that is reported (a leaked depth count, say).
        if x and x[-1] == "trap exhaustion":
            return "explained:exhaustion", f"block {i}: " + first_difference(x, y)
        return "disagree", f"block {i}: " + first_difference(x, y)
    return "agree", ""


def first_difference(x, y):
    head = x[0] if x else (y[0] if y else "")
    for j in range(max(len(x), len(y))):
        a = x[j] if j < len(x) else "<end>"
        b = y[j] if j < len(y) else "<end>"
        if not same_line(a, b):
            return f"{head!r} line {j}: node {a!r} / wasm2c-lite {b!r}"
    return head


def signature(detail_node, detail_c):
    """A coarse description of a disagreement, stable under reduction."""
    def kind(line):
        w = line.split()
        if not w:
            return "<end>"
        if w[0] in ("trap", "instantiate", "invalid", "hang-init"):
            return " ".join(w[:3])
        if w[0] in ("log", "return"):
            return w[0] + "".join(" " + t.split(":")[0] for t in w[1:])
        return w[0]
    return f"{kind(detail_node)} / {kind(detail_c)}"


# ---- One case ------------------------------------------------------------------------


class Result:
    def __init__(self, name, verdict, detail="", wasm=None, cfg=None, outputs=None, pool=None):
        self.name, self.verdict, self.detail = name, verdict, detail
        self.wasm, self.cfg, self.outputs, self.pool = wasm, cfg, outputs, pool
        self.dir = None  # scratch directory to remove once reported

    @property
    def passed(self):
        return self.verdict == "agree" or self.verdict.startswith("explained")


def run_module(tools, wasm, cfg, pool, d):
    """Both sides on one module: (verdict, detail, node_out, c_out)."""
    d.mkdir(parents=True, exist_ok=True)
    node_out = run_node(tools, wasm, pool)
    if node_out.startswith("invalid"):
        kind, msg = run_native(tools, wasm, cfg, pool, d)
        if kind == "rejected":
            return "both-reject", msg, node_out, msg
        return "disagree", "V8 rejects the module, wasm2c-lite accepts it", node_out, msg
    kind, c_out = run_native(tools, wasm, cfg, pool, d)
    if kind == "rejected":
        return "disagree", "wasm2c-lite rejects a module V8 accepts: " + c_out, node_out, c_out
    verdict, detail = compare(node_out, c_out)
    return verdict, detail, node_out, c_out


def run_seed(tools, seed):
    data, cfg, pool = seed_plan(seed)
    d = tools.work / f"seed-{seed}"
    d.mkdir(parents=True, exist_ok=True)
    r = seed_result(tools, seed, data, cfg, pool, d)
    r.dir = d
    return r


def nan_against_number(node_out, c_out):
    """Is the first difference a float that is a NaN on one side and a number
    on the other? (Later lines may differ only as a consequence.)"""
    for x, y in zip(blocks(node_out), blocks(c_out)):
        for a, b in zip(x, y):
            if same_line(a, b):
                continue
            ta, tb = a.split(), b.split()
            return len(ta) == len(tb) and any(
                u[:4] == v[:4] and u[:4] in ("f32:", "f64:") and is_nan(u) != is_nan(v)
                for u, v in zip(ta, tb))
    return False


# SIMD float operations that compute new values (binaryen 108's --denan leaves
# v128 alone); pmin/pmax, neg, abs and lane moves copy bits and need nothing.
SIMD_NAN_OPS = re.compile(r"\((f32x4|f64x2)\.(add|sub|mul|div|min|max|sqrt|ceil|floor|trunc|nearest"
                          r"|demote_f64x2_zero|promote_low_f32x4)(?=[\s)])")
SIMD_UNARY = ("sqrt", "ceil", "floor", "trunc", "nearest", "demote_f64x2_zero", "promote_low_f32x4")


def denan(src, dst, features, d):
    """Writes `src` with every NaN it computes turned into 0: binaryen's
    --denan for scalars, and for v128 each float operation above wrapped in a
    function that zeroes its NaN lanes. False if that fails."""
    tmp = d / "denan-scalar.wasm"
    if run(["wasm-opt", str(src), "--denan", "-o", str(tmp)] + features)[0] != 0:
        return False
    rc, text, _ = run(["wasm-dis", str(tmp)])
    if rc != 0:
        return False
    used = set()

    def wrap(m):
        used.add((m.group(1), m.group(2)))
        return f"(call $__dn_{m.group(1)}_{m.group(2)}"
    text = SIMD_NAN_OPS.sub(wrap, text)
    helpers = []
    for shape, op in sorted(used):
        out_shape = {"demote_f64x2_zero": "f32x4", "promote_low_f32x4": "f64x2"}.get(op, shape)
        params = "(param $a v128)" + ("" if op in SIMD_UNARY else " (param $b v128)")
        args = "(local.get $a)" + ("" if op in SIMD_UNARY else " (local.get $b)")
        helpers.append(f" (func $__dn_{shape}_{op} {params} (result v128) (local $r v128)\n"
                       f"  (local.set $r ({shape}.{op} {args}))\n"
                       f"  (v128.and (local.get $r) ({out_shape}.eq (local.get $r) (local.get $r))))\n")
    if helpers:
        end = text.rstrip().rfind(")")
        text = text[:end] + "".join(helpers) + ")\n"
    wat = d / "denan.wat"
    wat.write_text(text)
    return run(["wasm-as", str(wat), "-o", str(dst)] + features)[0] == 0


def triage(tools, r, features, d):
    """Judges a disagreement that NaN bit patterns may explain (README.md):
    when the module with every NaN it computes turned into 0 (denan) agrees, and no float is a NaN on one side and a number on the
    other, the difference came from the sign or payload of a NaN reaching an
    integer or memory, which the spec leaves open: explained (nan-bits)."""
    if r.verdict != "disagree" or not r.wasm or not r.outputs or r.outputs[0].startswith("invalid"):
        return r
    broken = ("compile-failed", "native-failed", "node-failed", "harness-error")
    if any(line.startswith(broken) for out in r.outputs for line in out.splitlines()):
        return r  # a side did not run to the end: nothing NaNs could explain
    dn = d / "denan.wasm"
    if not denan(r.wasm, dn, features, d):
        return r
    verdict, _, _, _ = run_module(tools, dn, r.cfg, r.pool, d / "denan")
    if verdict == "agree" and not nan_against_number(*r.outputs):
        r.verdict = "explained:nan-bits"
        r.detail += " [agrees after --denan]"
    else:
        r.detail += f" [after --denan: {verdict}]"
    return r


def seed_result(tools, seed, data, cfg, pool, d):
    name = f"seed {seed}"
    wasm, err = generate(data, FEATURES + [REFTYPES], cfg.bopt, d, "ref")
    verdict = None
    if wasm:
        verdict, detail, n_out, c_out = run_module(tools, wasm, cfg, pool, d)
        if verdict == "disagree":
            r = Result(name, verdict, detail, wasm, cfg, (n_out, c_out), pool)
            return triage(tools, r, FEATURES + [REFTYPES], d)
    if not wasm or verdict == "both-reject":
        wasm, err = generate(data, FEATURES, cfg.bopt, d, "noref")
        if not wasm:
            return Result(name, "disagree", f"wasm-opt failed: {err}", None, cfg, None, pool)
        verdict, detail, n_out, c_out = run_module(tools, wasm, cfg, pool, d)
    if verdict == "both-reject":
        verdict, detail = "disagree", "both reject a module without reference types: " + detail
    return triage(tools, Result(name, verdict, detail, wasm, cfg, (n_out, c_out), pool), FEATURES, d)


def run_file(tools, path, cfg, index):
    d = tools.work / f"file-{index}"
    d.mkdir(parents=True, exist_ok=True)
    pool = SPECIAL[:16]
    verdict, detail, n_out, c_out = run_module(tools, path, cfg, pool, d)
    if verdict == "both-reject":
        verdict = "agree"  # a regression input may be an invalid module
    r = triage(tools, Result(path.name, verdict, detail, path, cfg, (n_out, c_out), pool),
               FEATURES + [REFTYPES], d)
    r.dir = d
    return r


# ---- Failures and reduction ------------------------------------------------------------


def save_failure(r, failures):
    failures.mkdir(parents=True, exist_ok=True)
    stem = r.name.replace(" ", "-").replace("/", "_")
    if not r.name.startswith("seed "):  # a replayed file: one failure per configuration
        stem += "." + str(r.cfg).replace(",", "_")
    base = failures / stem
    if r.wasm and Path(r.wasm).exists():
        shutil.copy(r.wasm, str(base) + ".wasm")
    if r.outputs:
        Path(str(base) + ".node.txt").write_text(r.outputs[0])
        Path(str(base) + ".w2cl.txt").write_text(r.outputs[1])
    Path(str(base) + ".txt").write_text(
        f"{r.name}\nconfig: {r.cfg}\npool: {pool_text(r.pool or [])}\nverdict: {r.verdict}\n{r.detail}\n")
    return base


def check_signature(tools, wasm, cfg, pool):
    """The one line `--check` prints: 'agree' or the disagreement's signature."""
    d = Path(tempfile.mkdtemp(prefix="check-", dir=tools.work))
    try:
        verdict, detail, n_out, c_out = run_module(tools, Path(wasm), cfg, pool, d)
        if verdict != "disagree":
            return "agree"
        if not n_out.startswith("invalid") and " line " in detail:
            nb, cb = blocks(n_out), blocks(c_out)
            for i in range(max(len(nb), len(cb))):
                x = nb[i] if i < len(nb) else []
                y = cb[i] if i < len(cb) else []
                for j in range(max(len(x), len(y))):
                    a = x[j] if j < len(x) else "<end>"
                    b = y[j] if j < len(y) else "<end>"
                    if not same_line(a, b):
                        return "disagree " + signature(a, b)
        return "disagree " + detail.split(":")[0]
    finally:
        shutil.rmtree(d, ignore_errors=True)


def reduce_failure(tools, base, cfg, pool):
    """wasm-reduce the saved module keeping the disagreement's signature."""
    wasm = Path(str(base) + ".wasm")
    if not wasm.exists():
        return None
    me = [sys.executable, str(Path(__file__).resolve()), "--check", "{}",
          f"--config={cfg}", f"--pool={pool_text(pool)}", f"--translator={tools.translator}",
          f"--work={tools.work}"]
    test = tools.work / f"reduce-{wasm.stem}.wasm"
    working = tools.work / f"reduce-{wasm.stem}.work.wasm"
    cmd = " ".join(shlex.quote(a) for a in me).replace("{}", shlex.quote(str(test)))
    flags = " ".join(FEATURES + [REFTYPES])  # reduction only removes: enabling is harmless
    rc, out, err = run(["wasm-reduce", str(wasm), f"--command={cmd}", "-t", str(test),
                        "-w", str(working), "--timeout", "30", f"--extra-flags={flags}",
                        "-b", str(Path(shutil.which("wasm-opt") or "/usr/bin/wasm-opt").resolve().parent) + "/"],
                       timeout=3600)
    if working.exists():
        reduced = Path(str(base) + ".reduced.wasm")
        shutil.copy(working, reduced)
        d = Path(tempfile.mkdtemp(prefix="reduced-", dir=tools.work))
        verdict, detail, n_out, c_out = run_module(tools, reduced, cfg, pool, d)
        shutil.rmtree(d, ignore_errors=True)
        Path(str(base) + ".reduced.txt").write_text(
            f"config: {cfg}\npool: {pool_text(pool)}\nverdict: {verdict}\n{detail}\n"
            f"--- node\n{n_out}--- wasm2c-lite\n{c_out}")
        return reduced
    print(f"wasm-reduce failed: {err[-500:]}", flush=True)
    return None


# ---- Main -------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=100)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("-j", "--jobs", type=int, default=max(1, (os.cpu_count() or 2)))
    ap.add_argument("--translator", default=str(REPO / "build" / "wasm2c-lite"))
    ap.add_argument("--cc", default="gcc")
    ap.add_argument("--node", default="node")
    ap.add_argument("--work", help="scratch directory (default: a fresh one under /tmp)")
    ap.add_argument("--keep", action="store_true", help="keep every seed's files")
    ap.add_argument("--failures", default=str(FAILURES),
                    help="where failing modules and outputs go (default tests/diff/failures)")
    ap.add_argument("--reduce", action="store_true", help="wasm-reduce each failure")
    ap.add_argument("--no-regressions", action="store_true")
    ap.add_argument("--replay", nargs="+", type=Path, help="run these modules instead of seeds")
    ap.add_argument("--check", help="one module: print 'agree' or the disagreement's signature")
    ap.add_argument("--config", default="-O1", help="with --check: e.g. -O2,portable")
    ap.add_argument("--pool", default=None, help="with --check: the argument pool (hex list)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    if not Path(args.translator).exists():
        sys.exit(f"run.py: no translator at {args.translator} (use --translator)")
    work = Path(args.work).resolve() if args.work else Path(tempfile.mkdtemp(prefix="w2cl-diff-"))
    work.mkdir(parents=True, exist_ok=True)
    tools = Tools(args, work)
    tools.keep = args.keep

    if args.check:
        pool = [int(h, 16) for h in args.pool.split(",")] if args.pool else SPECIAL[:16]
        print(check_signature(tools, args.check, Config.parse(args.config), pool))
        for server in tools.servers:
            server.stop()
        return 0

    jobs = []  # (label, callable)
    replay_configs = [Config("-O0"), Config("-O2"), Config("-O1", portable=True)]
    files = list(args.replay or [])
    if not args.replay and not args.no_regressions and REGRESSIONS.is_dir():
        files = sorted(REGRESSIONS.glob("*.wasm"))
    idx = 0
    for f in files:
        for cfg in replay_configs:
            jobs.append(lambda f=f, cfg=cfg, i=idx: run_file(tools, f.resolve(), cfg, i))
            idx += 1
    if not args.replay:
        for seed in range(args.start, args.start + args.seeds):
            jobs.append(lambda seed=seed: run_seed(tools, seed))

    passed = failed = 0
    explained = {}
    t0 = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futures = [ex.submit(j) for j in jobs]
        for n in range(1, len(futures) + 1):
            fut, futures[n - 1] = futures[n - 1], None  # keep no finished result
            try:
                r = fut.result()
            except Exception as e:  # a harness bug: count it, keep going
                r = Result(f"job {n}", "disagree", f"harness exception: {e!r}")
            if r.passed:
                passed += 1
                if r.verdict != "agree":
                    why = r.verdict.split(":", 1)[1]
                    explained.setdefault(why, []).append(r.name)
                    print(f"EXPLAINED ({why}) {r.name} [{r.cfg}]: {r.detail}", flush=True)
                elif args.verbose:
                    print(f"ok {r.name} [{r.cfg}]", flush=True)
            else:
                failed += 1
                base = save_failure(r, Path(args.failures))
                print(f"FAIL {r.name} [{r.cfg}]: {r.detail}\n     saved {base}.*", flush=True)
                if args.reduce:
                    reduced = reduce_failure(tools, base, r.cfg, r.pool or SPECIAL[:16])
                    if reduced:
                        print(f"     reduced: {reduced}", flush=True)
            if r.dir and not args.keep:
                shutil.rmtree(r.dir, ignore_errors=True)
            if n % 100 == 0:
                print(f"progress: {n}/{len(jobs)} run, {failed} failed, "
                      f"{time.time() - t0:.0f}s", flush=True)
    for server in tools.servers:
        server.stop()
    if not args.keep:
        for p in work.glob("seed-*"):
            shutil.rmtree(p, ignore_errors=True)
        for p in work.glob("file-*"):
            shutil.rmtree(p, ignore_errors=True)
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    for why, names in sorted(explained.items()):
        print(f"explained ({why}): {len(names)}: {' '.join(names[:20])}"
              + (" ..." if len(names) > 20 else ""))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
