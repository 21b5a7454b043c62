#!/usr/bin/env python3
"""Regenerates the C of every module in generated/ and compares it with the
checked-in copy, so each change to the translator's output shows up in review.
The fresh output must also compile without a warning.

usage: check.py TRANSLATOR WORKDIR [--update]
"""
import difflib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME = os.path.join(HERE, "..", "rt")


def regenerate(translator, work, name):
    out_c = os.path.join(work, name + ".c")
    subprocess.run([translator, os.path.join(HERE, name + ".wasm"), "-o", out_c, "-n", name], check=True)
    return [out_c, out_c[:-2] + ".h"]


def compiles(path):
    cc = os.environ.get("CC", "cc")
    cmd = [cc, "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-pedantic", "-I", RUNTIME,
           "-c", path, "-o", path + ".o"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stderr)
    return result.returncode == 0


def differs(fresh, golden):
    with open(fresh) as f:
        new = f.readlines()
    old = []
    if os.path.exists(golden):
        with open(golden) as f:
            old = f.readlines()
    diff = list(difflib.unified_diff(old, new, golden, fresh))
    sys.stdout.writelines(diff[:60])
    return bool(diff)


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    translator, work = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv[3:]
    os.makedirs(work, exist_ok=True)
    names = sorted(f[:-5] for f in os.listdir(HERE) if f.endswith(".wasm"))
    passed = failed = 0
    for name in names:
        ok = True
        for fresh in regenerate(translator, work, name):
            golden = os.path.join(HERE, os.path.basename(fresh))
            if update:
                with open(fresh) as src, open(golden, "w") as dst:
                    dst.write(src.read())
            elif differs(fresh, golden):
                print(f"{name}: {os.path.basename(golden)} differs from the translator's output")
                ok = False
        if not compiles(os.path.join(work, name + ".c")):
            print(f"{name}: generated C does not compile cleanly")
            ok = False
        passed += ok
        failed += not ok
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
