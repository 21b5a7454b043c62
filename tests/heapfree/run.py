#!/usr/bin/env python3
"""Heap-free mode: translate heapfree.wasm with --heap-free, link it with
alloc_abort.c (an allocator that aborts when called) instead of
rt/w2cl_alloc.c, and run heapfree_main.c: two instances, calls, memory.grow
and table.grow within the cap, segments, the trap handler hook, free.

usage: run.py TRANSLATOR [--work DIR] [--cc CC]

Also checks the translator's errors for sizes it cannot fix, and (as a
control) that the same module translated without --heap-free does reach
the aborting allocator. The program is built with -Werror, once plain and
once under ASan/UBSan where the compiler has them. heapfree.wasm is checked
in (wat2wasm heapfree.wat -o heapfree.wasm), so wabt is not needed here.
Ends with "N passed, N failed"; exit status 1 when anything failed.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RT = os.path.join(os.path.dirname(os.path.dirname(HERE)), "rt")
WASM = os.path.join(HERE, "heapfree.wasm")
HEAP_FREE = ["--heap-free", "--max-memory-pages", "2", "--max-table-elements", "4"]
# The runtime without rt/w2cl_alloc.c: alloc_abort.c stands in for it.
RT_SOURCES = [os.path.join(RT, f) for f in ("w2cl_memory.c", "w2cl_table.c", "w2cl_trap.c", "w2cl_link.c")]
CFLAGS = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"]
SANITIZE = ["-O1", "-g", "-fno-omit-frame-pointer", "-fsanitize=address,undefined",
            "-fno-sanitize-recover=all"]
CONTROL_MAIN = """#include <stdio.h>
#include "heapfree.h"
static heapfree_instance inst;
int main(void) {
    if (heapfree_instantiate(&inst, NULL) != W2CL_OK) return 2;
    heapfree_free(&inst);
    puts("control: no allocation");
    return 0;
}
"""
# (extra flags, expected status, pattern of the one line on stderr)
ERRORS = [
    (["--heap-free", "--max-memory-pages", "2"], 1,
     r"wasm2c-lite: error: \S*heapfree\.wasm:0x[0-9a-f]+: heap-free: table 0 declares no maximum; "
     r"give --max-table-elements"),
    (["--heap-free", "--max-table-elements", "1"], 1,
     r"wasm2c-lite: error: \S*heapfree\.wasm:0x[0-9a-f]+: heap-free: table 0 needs 2 element\(s\) at least, "
     r"but --max-table-elements is 1"),
    (["--heap-free", "--max-memory-pages", "0", "--max-table-elements", "4"], 1,
     r"wasm2c-lite: error: \S*heapfree\.wasm:0x[0-9a-f]+: heap-free: memory 0 needs 1 page\(s\) at least, "
     r"but --max-memory-pages is 0"),
    (["--max-memory-pages", "2"], 2, r"wasm2c-lite: --max-memory-pages and --max-table-elements need --heap-free"),
    (["--heap-free", "--max-table-elements", "many"], 2, r"wasm2c-lite: --max-table-elements wants an element count: many"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("translator")
    ap.add_argument("--work")
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="w2cl-heapfree-")
    os.makedirs(work, exist_ok=True)
    passed = failed = 0

    def result(ok, name, detail=""):
        nonlocal passed, failed
        passed += ok
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""), flush=True)
        return ok

    def run(cmd, **kw):
        return subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)

    def translate(subdir, flags):
        d = os.path.join(work, subdir)
        os.makedirs(d, exist_ok=True)
        return d, run([args.translator, WASM, "-o", os.path.join(d, "heapfree.c"), "-n", "heapfree"] + flags)

    # The heap-free program, plain and sanitized.
    hf, t = translate("heap-free", HEAP_FREE)
    if result(t.returncode == 0, "translate --heap-free", t.stderr):
        probe = run([args.cc] + SANITIZE + ["-x", "c", "-", "-o", os.path.join(work, "probe")],
                    input="int main(void) { return 0; }\n")
        variants = [("plain", ["-O2"])] + ([("sanitized", SANITIZE)] if probe.returncode == 0 else [])
        for variant, flags in variants:
            exe = os.path.join(hf, "heapfree_" + variant)
            c = run([args.cc] + CFLAGS + flags + ["-I", RT, "-I", hf,
                    os.path.join(HERE, "heapfree_main.c"), os.path.join(hf, "heapfree.c"),
                    os.path.join(HERE, "alloc_abort.c")] + RT_SOURCES + ["-o", exe, "-lm"])
            if not result(c.returncode == 0, f"compile ({variant}, -Werror)", c.stderr[-3000:]):
                continue
            p = run([exe])
            result(p.returncode == 0 and "heapfree: ok" in p.stdout, f"run ({variant})",
                   f"status {p.returncode}\n{p.stdout[-2000:]}{p.stderr[-2000:]}")

    # Control: the default mode allocates, so the aborting allocator fires.
    dm, t = translate("default", [])
    if result(t.returncode == 0, "translate (default mode)", t.stderr):
        main_c = os.path.join(dm, "control_main.c")
        with open(main_c, "w") as f:
            f.write(CONTROL_MAIN)
        exe = os.path.join(dm, "control")
        c = run([args.cc] + CFLAGS + ["-O2", "-I", RT, "-I", dm, main_c, os.path.join(dm, "heapfree.c"),
                os.path.join(HERE, "alloc_abort.c")] + RT_SOURCES + ["-o", exe, "-lm"])
        if result(c.returncode == 0, "compile control", c.stderr[-3000:]):
            p = run([exe])
            result(p.returncode != 0 and "w2cl_alloc_zeroed" in p.stderr, "control reaches the allocator",
                   f"status {p.returncode}\n{p.stdout}{p.stderr}")

    # Sizes the translator cannot fix: one line, the right status, no output.
    for i, (flags, status, pattern) in enumerate(ERRORS):
        d, t = translate(f"error{i}", flags)
        lines = t.stderr.splitlines()
        ok = (t.returncode == status and lines and re.fullmatch(pattern, lines[0]) is not None
              and (status == 2 or len(lines) == 1)
              and not os.path.exists(os.path.join(d, "heapfree.c")))
        result(ok, "error: " + " ".join(flags), f"status {t.returncode}\n{t.stderr[-1500:]}")

    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
