#!/usr/bin/env python3
"""Threads: host threads running wasm code on one shared memory.

usage: run.py TRANSLATOR [--work DIR] [--cc CC] [--no-tsan]

owner.wat, threads.wat and unshared.wat are compiled with wat2wasm (wabt)
--enable-threads and translated with TRANSLATOR --enable-threads;
threads_main.c (see there for the checks) is built with the runtime and
run twice: at -O2 with -Werror, and under ThreadSanitizer with UBSan
(fewer rounds), where any data race fails it. Also checks that the
translator rejects the module without --enable-threads, naming the flag.
Ends with "N passed, N failed"; exit status 1 when anything failed.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RT = os.path.join(os.path.dirname(os.path.dirname(HERE)), "rt")
MODULES = ["owner", "threads", "unshared"]
CFLAGS = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-pthread"]
BUILDS = {
    "O2": ["-O2"],
    "tsan": ["-O1", "-g", "-fsanitize=thread,undefined", "-fno-sanitize-recover=all",
             "-DROUNDS=50000"],
}
ENV = {"TSAN_OPTIONS": "halt_on_error=1", "UBSAN_OPTIONS": "print_stacktrace=1"}
NOT_ENABLED = r"wasm2c-lite: error: \S*owner\.wasm:0x[0-9a-f]+: shared memory: threads support is not " \
              r"enabled \(--enable-threads\)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("translator")
    ap.add_argument("--work")
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    ap.add_argument("--no-tsan", action="store_true", help="only the -O2 build")
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="w2cl-threads-")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    passed = failed = 0

    def result(ok, name, detail=""):
        nonlocal passed, failed
        passed += ok
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""),
              flush=True)
        return ok

    def run(cmd, timeout=300, **kw):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
        except subprocess.TimeoutExpired as e:
            return subprocess.CompletedProcess(cmd, -1, e.stdout or "", f"timed out after {timeout} s")

    if not shutil.which("wat2wasm"):
        print("wat2wasm not found (Debian: apt-get install wabt)")
        return 1
    for m in MODULES:
        wasm = os.path.join(work, m + ".wasm")
        p = run(["wat2wasm", "--enable-threads", os.path.join(HERE, m + ".wat"), "-o", wasm])
        if not result(p.returncode == 0, f"wat2wasm {m}", p.stderr.strip()):
            return 1
        p = run([args.translator, "--enable-threads", wasm, "-o", os.path.join(work, m + ".c")])
        if not result(p.returncode == 0, f"translate {m}", p.stderr.strip()):
            return 1

    p = run([args.translator, os.path.join(work, "owner.wasm"), "-o", os.path.join(work, "off.c")])
    result(p.returncode == 1 and re.fullmatch(NOT_ENABLED, p.stderr.strip()) is not None,
           "without --enable-threads: rejected naming the flag", p.stderr.strip())

    runtime = sorted(glob.glob(os.path.join(RT, "*.c")))
    sources = [os.path.join(HERE, "threads_main.c")] + [os.path.join(work, m + ".c") for m in MODULES]
    env = dict(os.environ)
    for k, v in ENV.items():
        env.setdefault(k, v)
    for name, flags in BUILDS.items():
        if name == "tsan" and args.no_tsan:
            continue
        exe = os.path.join(work, "threads_" + name)
        p = run([args.cc] + CFLAGS + flags + ["-I", RT, "-I", work] + sources + runtime
                + ["-lm", "-o", exe], timeout=600)
        if not result(p.returncode == 0, f"build ({name})", p.stderr.strip()[-2000:]):
            continue
        p = run([exe], env=env, timeout=120)
        sys.stdout.write("".join(f"  {line}\n" for line in p.stdout.splitlines()))
        result(p.returncode == 0 and p.stdout.rstrip().endswith(" 0 failed"), f"run ({name})",
               (p.stderr.strip() or f"exit status {p.returncode}")[-2000:])
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
