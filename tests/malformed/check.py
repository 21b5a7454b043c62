#!/usr/bin/env python3
"""Runs the translator on every hand-made bad module of gen.py.

usage: check.py TRANSLATOR

Each input must fail cleanly: exit status 1, exactly one stderr line
"wasm2c-lite: error: <input path>:0x<hex offset>: <reason>", and no output
file left behind.
"""
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen import CASES  # noqa: E402


def check_one(translator, tmp, case_name, data):
    """Returns a list of problems (empty when the case passes)."""
    path = os.path.join(tmp, case_name + ".wasm")
    with open(path, "wb") as f:
        f.write(data)
    out_dir = os.path.join(tmp, case_name + ".out")
    os.mkdir(out_dir)
    try:
        p = subprocess.run([translator, path, "-o", os.path.join(out_dir, "out.c")],
                           capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        return ["timed out"], ""
    problems = []
    if p.returncode != 1:
        problems.append(f"exit status {p.returncode}, want 1")
    stderr = p.stderr.decode("utf-8", "replace")
    pattern = r"wasm2c-lite: error: " + re.escape(path) + r":0x[0-9a-f]+: .+"
    lines = stderr.split("\n")
    if len(lines) != 2 or lines[1] != "" or not re.fullmatch(pattern, lines[0]):
        problems.append(f"stderr {stderr!r}")
    if p.stdout:
        problems.append(f"stdout {p.stdout[:200]!r}")
    left = os.listdir(out_dir)
    if left:
        problems.append(f"output files created: {left}")
    return problems, lines[0]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check.py TRANSLATOR")
    translator = os.path.abspath(sys.argv[1])
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case_name, what, data in CASES:
            problems, first_line = check_one(translator, tmp, case_name, data)
            if problems:
                failed += 1
                print(f"FAIL {case_name} ({what}): " + "; ".join(problems))
            else:
                passed += 1
                print(f"ok   {case_name}: {first_line.split(': ', 3)[-1]}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
