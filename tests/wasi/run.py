#!/usr/bin/env python3
"""WASI tests: the same .wasm through wasm2c-lite (native) and through node's WASI.

usage: run.py [--translator PATH] [--work DIR] [--sanitize] [--cc CC] [--node NODE]
              [--jobs N] [NAME...]

Each tests/wasi/programs/NAME.c is built with
    clang --target=wasm32-wasi --sysroot=/usr -O2
then turned into a native binary with tools/w2cl-run -o (translator, runtime,
rt/wasi and tools/wasi_main.c), and run both natively and under
`node --no-warnings node_wasi.mjs`, each in a fresh temporary directory
preopened as /sandbox, with the same arguments, environment and stdin.
stdout, stderr and the exit code must be identical, the exit code must be the
expected one, and the sandbox must end up in the same state in both runs.

Directives in a program's leading comments:
    // ARGS: a "b c"     guest arguments (shell syntax); argv[0] is NAME.wasm
    // ENV: K=V          one environment variable (repeatable)
    // STDIN: text       stdin contents, with \\n escapes
    // EXIT: N           expected exit code (default 0)
    // SETUP: outside    create ROOT/outside/secret.txt beside the sandbox and
                         symlinks to it inside (see sandbox_escape.c); the
                         outside must be unchanged afterwards
    // SETUP: inner      sandbox/sub/up -> .. and sandbox/sub/rel -> ../sub/./f.txt
    // ORACLE: expected  compare the native run with programs/NAME.expected
                         (stdout; stderr must be empty) instead of node, for
                         what node's WASI does not enforce (it is documented
                         as not a sandbox) or does not keep reliably (its
                         sleeps under load); node still runs, for information

Then host_twice.c (an embedder running exit_atexit.wasm twice in one process:
proc_exit must come back to the host) is built and checked against
host_twice.expected.

--sanitize builds the native side with -fsanitize=address,undefined (and
LeakSanitizer on). Prints one line per program and a summary
"wasi: N programs + host_twice: N passed, N failed"; exits 1 on any failure.
"""
import argparse
import concurrent.futures
import glob
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RUNNER = os.path.join(ROOT, "tools", "w2cl-run")
NODE_SHIM = os.path.join(HERE, "node_wasi.mjs")
WASM_CFLAGS = ["--target=wasm32-wasi", "--sysroot=/usr", "-O2"]
SAN_CFLAGS = "-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
SECRET = "top secret\n"


def directives(path):
    d = {"args": [], "env": [], "stdin": "", "exit": 0, "setup": [], "oracle": "node"}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("//"):
                break
            body = line[2:].strip()
            key, _, val = body.partition(":")
            val = val.strip()
            if key == "ARGS":
                d["args"] = shlex.split(val)
            elif key == "ENV":
                d["env"].append(val)
            elif key == "STDIN":
                d["stdin"] = val.replace("\\n", "\n")
            elif key == "EXIT":
                d["exit"] = int(val)
            elif key == "SETUP":
                d["setup"] = val.split()
            elif key == "ORACLE":
                d["oracle"] = val
    return d


def make_root(setup):
    root = tempfile.mkdtemp(prefix="w2cl-wasi-")
    box = os.path.join(root, "sandbox")
    os.mkdir(box)
    if "outside" in setup:
        out = os.path.join(root, "outside")
        os.mkdir(out)
        with open(os.path.join(out, "secret.txt"), "w") as f:
            f.write(SECRET)
        os.symlink("../outside", os.path.join(box, "link_out"))
        os.symlink(out, os.path.join(box, "abs_link"))
        os.symlink("../outside/secret.txt", os.path.join(box, "file_link"))
    if "inner" in setup:
        os.mkdir(os.path.join(box, "sub"))
        os.symlink("..", os.path.join(box, "sub", "up"))
        os.symlink("../sub/./f.txt", os.path.join(box, "sub", "rel"))
    return root


def snapshot(root, top):
    """Sorted description of the tree under root/top, symlink targets with root replaced."""
    out = []
    base = os.path.join(root, top)
    for dirpath, dirnames, filenames in os.walk(base):
        for n in sorted(dirnames + filenames):
            p = os.path.join(dirpath, n)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                out.append(f"{rel} -> {os.readlink(p).replace(root, 'ROOT')}")
            elif os.path.isdir(p):
                out.append(rel + "/")
            else:
                with open(p, "rb") as f:
                    data = f.read()
                out.append(f"{rel} ({len(data)} bytes)")
    return sorted(out)


def run_one(cmd, stdin, env=None):
    try:
        r = subprocess.run(cmd, input=stdin.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=120, env=env)
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b"", b""


def run_native(exe, name, d, sanitize):
    root = make_root(d["setup"])
    cmd = [exe, "--argv0", name + ".wasm", "--dir", os.path.join(root, "sandbox") + ":/sandbox"]
    for e in d["env"]:
        cmd += ["--env", e]
    cmd += ["--"] + d["args"]
    env = dict(os.environ)
    if sanitize:
        env["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
        env["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
    res = run_one(cmd, d["stdin"], env)
    return res, root


def run_node(node, wasm, name, d):
    root = make_root(d["setup"])
    cfg = {
        "wasm": wasm,
        "args": [name + ".wasm"] + d["args"],
        "env": dict(e.split("=", 1) for e in d["env"]),
        "preopens": {"/sandbox": os.path.join(root, "sandbox")},
    }
    cfgpath = os.path.join(root, "config.json")
    with open(cfgpath, "w") as f:
        json.dump(cfg, f)
    res = run_one([node, "--no-warnings", "--experimental-wasi-unstable-preview1", NODE_SHIM, cfgpath], d["stdin"])
    os.unlink(cfgpath)
    return res, root


def show(label, a, b):
    return f"  {label} differs:\n    wasm2c-lite: {a!r}\n    node:        {b!r}"


def host_twice(a, work, cc, cflags):
    """host_twice.c: proc_exit returns to the embedder, twice in one process. None when skipped."""
    translator = a.translator or os.path.join(ROOT, "build", "wasm2c-lite")
    wasm = os.path.join(work, "exit_atexit.wasm")
    if not os.access(translator, os.X_OK) or not os.path.exists(wasm):
        print("skip host_twice (needs --translator and exit_atexit)")
        return None
    d = os.path.join(work, "host_twice")
    os.makedirs(d, exist_ok=True)
    rt = os.path.join(ROOT, "rt")
    srcs = sorted(glob.glob(os.path.join(rt, "*.c")) + glob.glob(os.path.join(rt, "wasi", "*.c")))
    exe = os.path.join(d, "host_twice")
    steps = [[translator, wasm, "-o", os.path.join(d, "w2cl_cmd.c"), "-n", "w2cl_cmd"],
             [cc] + shlex.split(cflags) + ["-I", rt, "-I", os.path.join(rt, "wasi"), "-I", d,
                                           os.path.join(HERE, "host_twice.c"), os.path.join(d, "w2cl_cmd.c")]
             + srcs + ["-lm", "-o", exe]]
    for cmd in steps:
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode:
            print(f"FAIL host_twice\n  {' '.join(cmd)}\n{r.stderr}")
            return False
    env = dict(os.environ)
    if a.sanitize:
        env["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
    code, out, err = run_one([exe], "", env)
    with open(os.path.join(HERE, "host_twice.expected"), "rb") as f:
        want = f.read()
    if code != 0 or out != want or err:
        print(f"FAIL host_twice: exit {code!r}\n  stdout {out!r}\n  stderr {err!r}")
        return False
    print("ok   host_twice (proc_exit returns to the embedder, twice in one process)")
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--translator", default=os.environ.get("W2CL_TRANSLATOR"))
    ap.add_argument("--work")
    ap.add_argument("--sanitize", action="store_true")
    ap.add_argument("--cc", default=None)
    ap.add_argument("--clang", default="clang")
    ap.add_argument("--node", default="node")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="w2cl-wasi-work-")
    os.makedirs(work, exist_ok=True)
    cc = a.cc or ("clang" if a.sanitize else os.environ.get("CC", "cc"))
    cflags = SAN_CFLAGS if a.sanitize else "-O2"

    progs = sorted(glob.glob(os.path.join(HERE, "programs", "*.c")))
    if a.names:
        progs = [p for p in progs if os.path.basename(p)[:-2] in a.names]
    if not progs:
        print("wasi: no programs")
        return 1

    def build(src):
        name = os.path.basename(src)[:-2]
        wasm = os.path.join(work, name + ".wasm")
        exe = os.path.join(work, name + (".asan" if a.sanitize else ".native"))
        r = subprocess.run([a.clang] + WASM_CFLAGS + [src, "-o", wasm], capture_output=True, text=True)
        if r.returncode:
            return name, None, f"clang failed:\n{r.stderr}"
        cmd = [sys.executable, RUNNER, "--cache-dir", os.path.join(work, "cache"), "--cc", cc,
               "--cflags", cflags, "-o", exe]
        if a.translator:
            cmd += ["--translator", a.translator]
        r = subprocess.run(cmd + [wasm], capture_output=True, text=True)
        if r.returncode:
            return name, None, f"w2cl-run failed:\n{r.stderr}"
        return name, (wasm, exe), ""

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        built = list(pool.map(build, progs))

    passed = failed = 0
    for (name, paths, err), src in zip(built, progs):
        problems, notes = [], []
        if not paths:
            problems.append(err)
        else:
            wasm, exe = paths
            d = directives(src)
            (ncode, nout, nerr), nroot = run_native(exe, name, d, a.sanitize)
            (jcode, jout, jerr), jroot = run_node(a.node, wasm, name, d)
            if ncode != d["exit"]:
                problems.append(f"  exit code {ncode!r}, expected {d['exit']}")
            notes = []
            if d["oracle"] == "expected":
                with open(src[:-2] + ".expected", "rb") as f:
                    want = f.read()
                if nout != want:
                    problems.append(show("stdout (vs .expected)", nout.decode(errors="replace"),
                                         want.decode(errors="replace")).replace("node:       ", "expected:   "))
                if nerr:
                    problems.append(f"  unexpected stderr: {nerr.decode(errors='replace')!r}")
                if (jcode, jout) != (ncode, nout):
                    notes.append(f"  note: node's WASI differs here (exit {jcode!r})")
            else:
                if ncode != jcode:
                    problems.append(show("exit code", ncode, jcode))
                if nout != jout:
                    problems.append(show("stdout", nout.decode(errors="replace"), jout.decode(errors="replace")))
                if nerr != jerr:
                    problems.append(show("stderr", nerr.decode(errors="replace"), jerr.decode(errors="replace")))
                ns, js = snapshot(nroot, "sandbox"), snapshot(jroot, "sandbox")
                if ns != js:
                    problems.append(show("sandbox contents", ns, js))
            if "outside" in d["setup"]:
                roots = [(nroot, "wasm2c-lite")] + ([(jroot, "node")] if d["oracle"] == "node" else [])
                for root, who in roots:
                    o = snapshot(root, "outside")
                    try:
                        with open(os.path.join(root, "outside", "secret.txt")) as f:
                            ok = f.read() == SECRET
                    except OSError:
                        ok = False
                    if o != ["outside/secret.txt (11 bytes)"] or not ok:
                        problems.append(f"  {who}: the outside directory changed: {o}")
            shutil.rmtree(nroot, ignore_errors=True)
            shutil.rmtree(jroot, ignore_errors=True)
        if problems:
            failed += 1
            print(f"FAIL {name}")
            for p in problems:
                print(p)
        else:
            passed += 1
            print(f"ok   {name}" + (" (checked against .expected)" if paths and d["oracle"] == "expected" else ""))
            for n in notes:
                print(n)
        sys.stdout.flush()
    nprogs = passed + failed
    ok = host_twice(a, work, cc, cflags)
    if ok is not None:
        passed += ok
        failed += not ok
    mode = " (sanitized)" if a.sanitize else ""
    extra = " + host_twice" if ok is not None else ""
    print(f"wasi{mode}: {nprogs} programs{extra}: {passed} passed, {failed} failed")
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
