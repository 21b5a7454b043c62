#!/usr/bin/env python3
"""--split N: split.wasm translated into several .c files (twice, with two
prefixes) and once whole; each file compiled on its own with -Werror, all of
them linked with split_main.c and the runtime, and run. Also: more parts than
functions (empty parts still compile), usage errors, and a failed
translation leaving none of the files behind.

usage: run.py TRANSLATOR [--work DIR] [--cc CC]

split.wasm is checked in (wat2wasm --enable-tail-call split.wat -o split.wasm).
Ends with "N passed, N failed"; exit status 1 when anything failed.
"""
import argparse
import concurrent.futures
import glob
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RT = os.path.join(os.path.dirname(os.path.dirname(HERE)), "rt")
WASM = os.path.join(HERE, "split.wasm")
CFLAGS = ["-std=c99", "-O1", "-Wall", "-Wextra", "-Werror", "-pedantic"]

passed = failed = 0


def result(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}" + (f"\n{detail}" if detail else ""))
    return ok


def translate(tr, work, prefix, flags):
    out = os.path.join(work, prefix + ".c")
    return subprocess.run([tr, WASM, "-o", out, "-n", prefix, "--enable-tail-call"] + flags,
                          capture_output=True, text=True)


def compile_one(cc, work, src):
    obj = src[:-2] + ".o"
    p = subprocess.run([cc] + CFLAGS + ["-I", RT, "-I", work, "-c", src, "-o", obj],
                       capture_output=True, text=True)
    return src, obj, p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("translator")
    ap.add_argument("--work")
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="w2cl-split-")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    for prefix, flags in (("sa", ["--split", "3"]), ("sb", ["--split", "9"]), ("whole", [])):
        t = translate(a.translator, work, prefix, flags)
        result(t.returncode == 0, f"translate {prefix} {flags}", t.stderr)
    parts = sorted(os.path.basename(f) for f in glob.glob(os.path.join(work, "sa*")))
    result(parts == ["sa.c", "sa.h", "sa_1.c", "sa_2.c", "sa_3.c", "sa_shared.h"], "sa files", str(parts))
    result(len(glob.glob(os.path.join(work, "sb_*.c"))) == 9, "sb: nine parts (more than functions)")
    result(not glob.glob(os.path.join(work, "*.tmp")), "no temporaries left")

    # Every file on its own (as a parallel build compiles them), then one program.
    sources = sorted(glob.glob(os.path.join(work, "*.c"))) + [os.path.join(HERE, "split_main.c")]
    sources += sorted(glob.glob(os.path.join(RT, "*.c")))
    objs = []
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        for src, obj, p in ex.map(lambda s: compile_one(a.cc, work, s), sources):
            if result(p.returncode == 0, f"compile {os.path.basename(src)}", p.stderr[-3000:]):
                objs.append(obj)
    exe = os.path.join(work, "split_main")
    if len(objs) == len(sources):
        p = subprocess.run([a.cc, "-o", exe] + objs + ["-lm", "-pthread"], capture_output=True, text=True)
        if result(p.returncode == 0, "link", p.stderr[-3000:]):
            r = subprocess.run([exe], capture_output=True, text=True, timeout=60)
            result(r.returncode == 0, "run", r.stdout + r.stderr)

    # Usage errors, and a failed translation writes nothing.
    for bad in ("0", "1001", "x"):
        t = translate(a.translator, work, "bad", ["--split", bad])
        result(t.returncode == 2 and "--split wants" in t.stderr, f"--split {bad} refused", t.stderr)
    broken = os.path.join(work, "broken.wasm")
    with open(WASM, "rb") as f:
        data = f.read()
    with open(broken, "wb") as f:
        f.write(data[:-3])
    out = os.path.join(work, "gone", "m.c")
    os.makedirs(os.path.dirname(out))
    t = subprocess.run([a.translator, broken, "-o", out, "--split", "2", "--enable-tail-call"],
                       capture_output=True, text=True)
    left = os.listdir(os.path.dirname(out))
    result(t.returncode == 1 and not left, "failed translation leaves nothing", t.stderr + str(left))

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
