#!/usr/bin/env python3
"""Second fuzz property: every module the translator accepts gives C that compiles.

usage: compile_check.py [--translator PATH] [--cc CC] [--jobs N] [--keep DIR]
                        [--random N [--seed S]] [DIR_OR_FILE...]

Every regular file under the given directories (the fuzz corpus names its files by
hash, so no extension is required) is translated; inputs the translator rejects with
status 1 are skipped, and each accepted one must compile with
    CC -std=c99 -Wall -Wextra -Werror -I rt -c OUT.c
A translator crash (status other than 0 or 1) or a compiler error is a failure.
--random N also checks N random valid modules made by binaryen's `wasm-opt -ttf`
(Debian package binaryen) from seeded random bytes, restricted to the features
wasm2c-lite supports (reference types excluded: binaryen 108 gives them typed
function references that are not WebAssembly 2.0).
With --keep, each failing input is copied there with the compiler's messages.
Ends with "N passed, N failed" (N skipped are reported on the line before);
exit status 1 when anything failed.
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def inputs(paths):
    for p in paths:
        if os.path.isdir(p):
            for dirpath, _, names in os.walk(p):
                for n in sorted(names):
                    f = os.path.join(dirpath, n)
                    if os.path.isfile(f):
                        yield f
        else:
            yield p


TTF_FEATURES = ["--mvp-features", "--enable-mutable-globals", "--enable-sign-ext",
                "--enable-nontrapping-float-to-int", "--enable-multivalue", "--enable-bulk-memory"]


def make_random(n, seed, out_dir):
    """n modules from wasm-opt -ttf, from seeds seed..seed+n-1; returns their paths."""
    paths = []
    for k in range(seed, seed + n):
        rng = random.Random(k)
        dat = os.path.join(out_dir, f"ttf-{k}.dat")
        with open(dat, "wb") as f:
            f.write(bytes(rng.getrandbits(8) for _ in range(rng.randrange(100, 20000))))
        wasm = os.path.join(out_dir, f"ttf-{k}.wasm")
        p = subprocess.run(["wasm-opt", dat, "-ttf"] + TTF_FEATURES + ["-o", wasm],
                           capture_output=True)
        os.remove(dat)
        if p.returncode == 0:
            paths.append(wasm)
        else:
            print(f"wasm-opt failed for seed {k}: {p.stderr.decode(errors='replace')[:200]}")
    return paths


def check(args, path):
    """Returns (kind, message): kind is 'pass', 'skip' or 'fail'."""
    with tempfile.TemporaryDirectory(prefix="w2cl-cc-") as tmp:
        out = os.path.join(tmp, "m.c")
        try:
            p = subprocess.run([args.translator, path, "-o", out, "-n", "m"],
                               capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return "fail", "translator timed out"
        if p.returncode == 1:
            return "skip", ""
        if p.returncode != 0:
            return "fail", f"translator exit status {p.returncode}: {p.stderr.decode(errors='replace')[-2000:]}"
        try:
            c = subprocess.run([args.cc, "-std=c99", "-Wall", "-Wextra", "-Werror",
                                "-I", os.path.join(ROOT, "rt"), "-c", out, "-o",
                                os.path.join(tmp, "m.o")],
                               capture_output=True, timeout=600)
        except subprocess.TimeoutExpired:
            return "fail", "compiler timed out"
        if c.returncode != 0:
            msg = c.stderr.decode(errors="replace")
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                base = os.path.join(args.keep, os.path.basename(path))
                shutil.copy(path, base + ".wasm")
                shutil.copy(out, base + ".c")
                shutil.copy(out[:-2] + ".h", base + ".h")
                with open(base + ".log", "w") as f:
                    f.write(msg)
            return "fail", msg[:2000]
        return "pass", ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--random", type=int, default=0, metavar="N")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--translator", default=os.path.join(ROOT, "build", "wasm2c-lite"))
    ap.add_argument("--cc", default="gcc")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", help="directory for failing inputs and their messages")
    args = ap.parse_args()

    files = list(inputs(args.paths))
    tmp = None
    if args.random:
        tmp = tempfile.mkdtemp(prefix="w2cl-ttf-")
        files += make_random(args.random, args.seed, tmp)
    counts = {"pass": 0, "skip": 0, "fail": 0}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        for path, (kind, msg) in zip(files, ex.map(lambda f: check(args, f), files)):
            counts[kind] += 1
            if kind == "fail":
                print(f"FAIL {path}: {msg}", flush=True)
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{counts['skip']} rejected by the translator (skipped)")
    print(f"{counts['pass']} passed, {counts['fail']} failed")
    return 1 if counts["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
