#!/usr/bin/env python3
"""Embedder-facing tests: builds and runs the C programs of this directory.

usage: run.py TRANSLATOR [--work DIR] [--cc CC]

embed.wat, start_trap.wat, exceptions.wat and direct.wat are compiled with wat2wasm (wabt)
and translated with TRANSLATOR at test time (with MODULE_FLAGS, and TRANSLATE_FLAGS); each test program is compiled with the runtime
under -fsanitize=address,undefined and run with ASAN_OPTIONS=detect_leaks=1,
so a leak fails it. alloc_refuse links alloc_budget.c in place of
rt/w2cl_alloc.c. A first check makes sure LeakSanitizer works here at all.
Ends with "N passed, N failed"; exit status 1 when anything failed.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RT = os.path.join(ROOT, "rt")

MODULES = ["embed", "start_trap", "exceptions", "direct"]
# --enable-* flags a module needs, given to wat2wasm and the translator alike.
MODULE_FLAGS = {"exceptions": ["--enable-exceptions"]}
# Translator options of a module.
TRANSLATE_FLAGS = {"direct": ["--direct-imports"]}
# test program: (extra sources, replace rt/w2cl_alloc.c)
TESTS = {
    "trap_in_import": (["embed"], None),
    "callback": (["embed"], None),
    "start_trap": (["start_trap"], None),
    "many_instances": (["embed", "start_trap"], None),
    "alloc_refuse": (["embed"], "alloc_budget.c"),
    "exceptions": (["exceptions"], None),
    "direct_imports": (["direct"], None),
}
CFLAGS = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-g", "-O1", "-fno-omit-frame-pointer",
          "-fsanitize=address,undefined", "-fno-sanitize-recover=all"]
LEAK_PROBE = "#include <stdlib.h>\nvoid *keep;\nint main(void) { keep = malloc(7); keep = 0; return 0; }\n"


def env():
    e = dict(os.environ)
    e["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
    e["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
    return e


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("translator")
    ap.add_argument("--work")
    ap.add_argument("--cc", default="gcc")
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="w2cl-embed-")
    os.makedirs(work, exist_ok=True)
    passed = failed = 0

    def result(ok, name, detail=""):
        nonlocal passed, failed
        passed += ok
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail else ""), flush=True)
        return ok

    def run(cmd, **kw):
        return subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)

    # LeakSanitizer must be able to run here, or the leak checks prove nothing.
    probe = os.path.join(work, "leak_probe.c")
    with open(probe, "w") as f:
        f.write(LEAK_PROBE)
    c = run([args.cc, "-g", "-fsanitize=address", probe, "-o", probe[:-2]])
    p = run([probe[:-2]], env=env()) if c.returncode == 0 else None
    result(p is not None and p.returncode != 0 and "LeakSanitizer" in p.stderr,
           "leak-sanitizer-works", c.stderr[-300:] if p is None else p.stderr[-300:] if p.returncode == 0 else "")

    built = set()
    for m in MODULES:
        wasm = os.path.join(work, m + ".wasm")
        flags = MODULE_FLAGS.get(m, [])
        w = run(["wat2wasm", os.path.join(HERE, m + ".wat"), "-o", wasm] + flags)
        t = run([args.translator, wasm, "-o", os.path.join(work, m + ".c"), "-n", m] + flags +
                TRANSLATE_FLAGS.get(m, [])) \
            if w.returncode == 0 else None
        if result(t is not None and t.returncode == 0, f"translate {m}",
                  w.stderr if t is None else t.stderr):
            built.add(m)

    rt_sources = sorted(glob.glob(os.path.join(RT, "*.c")))
    for name, (mods, alloc) in TESTS.items():
        if not set(mods) <= built:
            result(False, name, "module not translated")
            continue
        sources = [os.path.join(HERE, name + ".c")] + [os.path.join(work, m + ".c") for m in mods]
        if alloc:
            sources += [s for s in rt_sources if os.path.basename(s) != "w2cl_alloc.c"]
            sources.append(os.path.join(HERE, alloc))
        else:
            sources += rt_sources
        exe = os.path.join(work, name)
        c = run([args.cc] + CFLAGS + ["-I", RT, "-I", work, "-I", HERE] + sources + ["-o", exe, "-lm"])
        if c.returncode != 0:
            result(False, name, "compile failed:\n" + c.stderr[-3000:])
            continue
        try:
            p = run([exe], env=env())
        except subprocess.TimeoutExpired:
            result(False, name, "timed out")
            continue
        ok = p.returncode == 0 and f"{name}: ok" in p.stdout
        result(ok, name, "" if ok else f"status {p.returncode}\n{p.stdout[-2000:]}{p.stderr[-3000:]}")

    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
