#!/usr/bin/env python3
"""Limits and resource safety of the translator.

usage: run.py TRANSLATOR [--work DIR] [--compile]

Generates modules at and past the translator's limits and translates each with
a bounded wall time, CPU time and address space, and with a small stack
(256 KiB) so that recursion on the nesting depth would crash. Reports each
child's peak RSS (wait4) and, at the end, the overall peak of
resource.getrusage(RUSAGE_CHILDREN).ru_maxrss. Then feeds every file in
regressions/ (inputs that once crashed the translator or gave C that did not
compile) to the translator: each must give status 0 or 1, never a signal, and
when accepted its C must compile with gcc -std=c99 -Wall -Wextra -Werror.

--compile also compiles the accepted outputs with gcc -O0 (except the module
with 100,000 functions, which is slow).
Ends with "N passed, N failed"; exit status 1 when anything failed.
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from wasmgen import (I32, code_entry, export, functype, module, section, uleb,  # noqa: E402
                     vec)

WALL_LIMIT = 120          # seconds per translation
CPU_LIMIT = 120
AS_LIMIT = 4 << 30        # bytes of address space
STACK_LIMIT = 256 << 10   # bytes: deep recursion would overflow this
RSS_BOUND_MB = 1024       # what a limit case may use at most
CPU_BOUND = 60            # CPU seconds a case may use, unless it says otherwise


def one_type_module(ntypes_fn, funcs, exports=(), extra_before_code=(), after_code=()):
    """funcs: list of code entries, all of type 0."""
    secs = [section(1, vec([ntypes_fn]))]
    secs.append(section(3, vec(uleb(0) for _ in funcs)))
    secs.extend(extra_before_code)
    if exports:
        secs.append(section(7, vec(exports)))
    secs.append(section(10, vec(funcs)))
    secs.extend(after_code)
    return module(*secs)


def many_functions(n):
    # Every function calls the next one and is exported: index spaces,
    # export sorting and name output all see n entries.
    funcs = [code_entry([], (b"\x10" + uleb(i + 1)) if i + 1 < n else b"") for i in range(n)]
    exports = [export(f"f{i}", 0, i) for i in range(n)]
    return one_type_module(functype([], []), funcs, exports)


def many_locals(decls):
    total = sum(c for c, _ in decls)
    body = b"\x20" + uleb(total - 1) + b"\x20\x00\x6a"  # local.get last, local.get 0, i32.add
    return one_type_module(functype([], [I32]), [code_entry(decls, body)], [export("f", 0, 0)])


def nested_blocks(depth, kind=b"\x02"):
    # block (block (... (br depth-1 | nothing) ...)) with a value crossing all of them
    if kind == b"\x04":  # if: needs a condition per level
        opener = b"\x41\x01\x04\x40"
    else:
        opener = kind + b"\x40"
    body = opener * depth + b"\x0c" + uleb(depth - 1) + b"\x0b" * depth + b"\x41\x07"
    return one_type_module(functype([], [I32]), [code_entry([], body)], [export("f", 0, 0)])


def nested_const_blocks(depth):
    # A global whose initializer nests blocks (malformed as constant: must be rejected).
    init = b"\x02\x40" * depth + b"\x0b" * depth + b"\x41\x00\x0b"
    return module(section(6, vec([bytes([I32, 0]) + init])))


def big_data(nbytes):
    pages = (nbytes + 65535) // 65536
    mem = section(5, vec([b"\x00" + uleb(pages)]))
    data = bytes((i * 7 + (i >> 8)) & 0xFF for i in range(nbytes))
    seg = b"\x00\x41\x00\x0b" + uleb(len(data)) + data
    f = code_entry([], b"\x41\x00\x28\x02\x00")  # i32.load (i32.const 0)
    return module(section(1, vec([functype([], [I32])])), section(3, vec([uleb(0)])), mem,
                  section(7, vec([export("f", 0, 0), export("mem", 2, 0)])),
                  section(12, uleb(1)), section(10, vec([f])), section(11, vec([seg])))


def many_data_segments(n):
    mem = section(5, vec([b"\x00\x01"]))
    segs = [b"\x00\x41" + uleb(i % 60000) + b"\x0b" + uleb(4) + b"abcd" for i in range(n)]
    return module(mem, section(11, vec(segs)))


def br_table_many_labels(depth, n):
    # n br_table targets spread over `depth` labels (quadratic in a per-target scan)
    body = (b"\x02\x40" * depth + b"\x41\x00\x0e" + uleb(n)
            + b"".join(uleb(i % depth) for i in range(n)) + uleb(0) + b"\x0b" * depth + b"\x41\x07")
    return one_type_module(functype([], [I32]), [code_entry([], body)], [export("f", 0, 0)])


def br_table_wide_label(results, n):
    # n targets of a block with `results` results, in unreachable code (no values needed)
    types = [functype([], []), functype([], [I32] * results)]
    body = b"\x02\x01\x00\x0e" + uleb(n) + b"\x00" * n + b"\x00\x0b\x00"
    return module(section(1, vec(types)), section(3, vec([uleb(0)])),
                  section(10, vec([code_entry([], body)])))


CASES = [
    # name, builder, expected status, expected stderr substring, compile with --compile
    # [, CPU seconds allowed (default CPU_BOUND)]
    ("functions-100000", lambda: many_functions(100000), 0, None, False),
    ("locals-50000", lambda: many_locals([(50000, I32)]), 0, None, True),
    ("locals-50001", lambda: many_locals([(50001, I32)]), 1, "too many locals", False),
    ("locals-50001-split", lambda: many_locals([(25000, I32), (25001, 0x7E)]), 1,
     "too many locals", False),
    ("locals-2^32-1", lambda: many_locals([(0xFFFFFFFF, I32), (1, I32)]), 1, "too many locals",
     False),
    ("blocks-nested-100000", lambda: nested_blocks(100000), 0, None, False),
    ("loops-nested-100000", lambda: nested_blocks(100000, b"\x03"), 0, None, False),
    ("ifs-nested-100000", lambda: nested_blocks(100000, b"\x04"), 0, None, False),
    ("const-expr-nested-100000", lambda: nested_const_blocks(100000), 1, None, False),
    ("data-10MB", lambda: big_data(10 << 20), 0, None, True),
    ("data-segments-100000", lambda: many_data_segments(100000), 0, None, True),
    # br_table: once quadratic in the emitter (a scan per target) and the validator
    # (a type check per target): now sorted and deduplicated
    ("br_table-300000-targets-50000-labels", lambda: br_table_many_labels(50000, 300000), 0, None,
     False, 5),
    ("br_table-400000-targets-100000-results", lambda: br_table_wide_label(100000, 400000), 0, None,
     False, 5),
]


def limit_child():
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))
    resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))
    resource.setrlimit(resource.RLIMIT_STACK, (STACK_LIMIT, STACK_LIMIT))


def run_limited(argv):
    """Runs argv under the limits; returns (status, stderr, CPU seconds, peak RSS in MiB).
    status is negative for a signal, None for a wall-clock timeout."""
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, preexec_fn=limit_child)
        timed_out = []

        def kill():
            timed_out.append(1)
            p.kill()
        timer = threading.Timer(WALL_LIMIT, kill)
        timer.start()
        _, wstatus, ru = os.wait4(p.pid, 0)
        timer.cancel()
        p.returncode = 0  # reaped by wait4
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    seconds = ru.ru_utime + ru.ru_stime
    status = None if timed_out else os.waitstatus_to_exitcode(wstatus)
    return status, stderr, seconds, ru.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("translator")
    ap.add_argument("--work", help="keep the generated files here")
    ap.add_argument("--compile", action="store_true", help="also gcc -O0 the accepted outputs")
    args = ap.parse_args()
    translator = os.path.abspath(args.translator)
    work = args.work or tempfile.mkdtemp(prefix="w2cl-limits-")
    os.makedirs(work, exist_ok=True)
    passed = failed = 0

    def result(ok, label, detail):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
        print(f"{'PASS' if ok else 'FAIL'} {label}: {detail}", flush=True)

    for name, build, want, want_msg, compile_it, *cpu in CASES:
        cpu_bound = cpu[0] if cpu else CPU_BOUND
        wasm = os.path.join(work, name + ".wasm")
        with open(wasm, "wb") as f:
            f.write(build())
        out = os.path.join(work, name + ".c")
        for p in (out, out[:-2] + ".h"):
            if os.path.exists(p):
                os.remove(p)
        status, stderr, secs, rss = run_limited([translator, wasm, "-o", out, "-n", "m"])
        problems = []
        if status is None:
            problems.append(f"timed out after {WALL_LIMIT} s")
        elif status != want:
            problems.append(f"status {status}, want {want}")
        if want_msg and want_msg not in stderr:
            problems.append(f"stderr lacks {want_msg!r}")
        if status == 0 and not (os.path.exists(out) and os.path.getsize(out) > 0):
            problems.append("no C output")
        if secs > cpu_bound:
            problems.append(f"{secs:.1f} s of CPU > {cpu_bound}")
        if rss > RSS_BOUND_MB:
            problems.append(f"peak RSS {rss:.0f} MiB > {RSS_BOUND_MB}")
        size = os.path.getsize(wasm)
        csize = os.path.getsize(out) if status == 0 and os.path.exists(out) else 0
        detail = (f"{size} B in, status {status}, {secs:.2f} s CPU, peak RSS {rss:.0f} MiB"
                  + (f", {csize} B of C" if csize else "")
                  + (f", {stderr.strip()[:160]!r}" if status == 1 else ""))
        if problems:
            detail += " -- " + "; ".join(problems)
        result(not problems, name, detail)
        if compile_it and args.compile and status == 0:
            t = time.monotonic()
            c = subprocess.run(["gcc", "-O0", "-std=c99", "-Wall", "-Wextra", "-Werror",
                                "-I", os.path.join(ROOT, "rt"), "-c", out, "-o", out[:-2] + ".o"],
                               capture_output=True, text=True)
            result(c.returncode == 0, name + " (gcc -O0)",
                   f"{time.monotonic() - t:.1f} s" + (" " + c.stderr[:500] if c.returncode else ""))

    # Inputs that once crashed or hung the translator (fuzz findings).
    reg_dir = os.path.join(HERE, "regressions")
    for n in sorted(os.listdir(reg_dir)) if os.path.isdir(reg_dir) else []:
        path = os.path.join(reg_dir, n)
        if not os.path.isfile(path) or n.startswith("README"):
            continue
        out = os.path.join(work, "regression.c")
        status, stderr, secs, rss = run_limited([translator, path, "-o", out, "-n", "m"])
        ok = status in (0, 1)
        lines = stderr.splitlines()
        if status == 1 and not (len(lines) == 1 and lines[0].startswith("wasm2c-lite: error: ")):
            ok = False
        detail = f"status {status}, {secs:.2f} s CPU" + ("" if ok else f" stderr {stderr[-300:]!r}")
        if ok and status == 0:
            # The second property: accepted means the C compiles cleanly.
            c = subprocess.run(["gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-I",
                                os.path.join(ROOT, "rt"), "-c", out, "-o", out[:-2] + ".o"],
                               capture_output=True, text=True)
            ok = c.returncode == 0
            detail += ", compiles" if ok else f", gcc: {c.stderr[:800]}"
        result(ok, "regression " + n, detail)

    total = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of any child (RUSAGE_CHILDREN): {total:.0f} MiB")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
