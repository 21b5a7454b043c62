#!/usr/bin/env python3
"""Runs the WebAssembly spec test suite against wasm2c-lite.

For each .wast file: wast2json turns the script into JSON plus .wasm files;
every binary module is translated to C (prefix m0, m1, ...); the commands
become data tables for the fixed driver (spec_driver.c); everything is
compiled with the runtime (rt/*.c) and the spectest host module, and run.
The driver prints one "@@ ok/fail INDEX LINE [reason]" line per command.
assert_invalid/assert_malformed on binary modules are checked here: the
translator must exit with status 1.

Known failures are listed in expectations.txt as "FILE:LINE reason"; the
exit status is 1 when a command fails unexpectedly or a listed one passes.
With --proposal NAME the files of testsuite/proposals/NAME/ run instead,
with --enable-NAME (PROPOSAL_FLAGS has the exceptions to that name) given
to wast2json and the translator; their keys (work
directories, expectations) are "NAME/STEM", e.g. multi-memory/memory.

v128 values (the simd_* files) are rows of spec_v128_values[]: a lane
shape, the 16 bytes, and per lane exact bits or a NaN pattern. The runtime
has two SIMD paths, chosen when C is compiled: the vector one by default,
the portable one with --simd-portable (-DW2CL_SIMD_PORTABLE everywhere).
Memory accesses are checked explicitly by default; --guard-pages compiles
everything with -DW2CL_GUARD_PAGES instead (guard regions and a fault
handler, rt/w2cl_guard.c; 64-bit POSIX hosts).

Work directory: WORK/STEM/ holds one file's generated C, objects and logs
and is recreated on every run; WORK/rt-KEY/ caches the runtime objects,
KEY being a digest of the compiler, all flags (--cflags, --sanitize,
--simd-portable, --guard-pages) and the runtime sources, so configurations
never share objects. Runs of the same file at the same time need distinct --work
directories: the default is build/spec, build/spec-portable with
--simd-portable, build/spec-guard with --guard-pages (ctest uses spec,
spec-portable, spec-guard and spec-asan).

Cross targets: --target NAME (s390x, armhf or i686; see TARGETS) compiles
with Debian's cross compiler TRIPLE-gcc instead of --cc, links statically
and runs the driver under qemu-user (qemu-s390x, qemu-arm, qemu-i386), with
RUN_TIMEOUT multiplied by TARGET_TIMEOUT_FACTOR. Debian packages: qemu-user
and gcc-s390x-linux-gnu, gcc-arm-linux-gnueabihf or gcc-i686-linux-gnu.
The translator still runs on the build machine. s390x is 64-bit big-endian
and uses the runtime's portable SIMD path (the vector one needs a
little-endian SSE2/NEON host); armhf and i686 are 32-bit. i686 compiles with
-msse2 -mfpmath=sse: x87 arithmetic rounds to extended precision and quiets
signalling NaNs on loads, both of which break wasm float semantics. Static
linking because qemu-i386 7.2 hangs starting dynamically linked threaded
i686 programs. The default work directory is build/spec-NAME (with
--simd-portable build/spec-NAME-portable); the runtime key covers the cross
compiler like any other --cc.
With --enable-all the translator gets every proposal while the 2.0
scripts run unchanged; the few 2.0 assertions a proposal changes on purpose
are listed (and skipped) in superseded-by-proposals.txt.
Standard library only.
"""

import argparse
import concurrent.futures
import dataclasses
import hashlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPEC_DIR = REPO / "spec-tests"
RT_DIR = REPO / "rt"
HOST_SOURCES = [SPEC_DIR / "spectest.c", SPEC_DIR / "spec_driver.c"]
TESTSUITE_HINT = ("git clone https://github.com/WebAssembly/testsuite ../shared/wasm-testsuite"
                  " && git -C ../shared/wasm-testsuite checkout 3a04b2c")

# A lower call-depth limit: ASan stops tracking the stack when a longjmp
# unwinds more than 64 MB of it (and then fails its own checks), and 20000 of
# skip-stack-guard-page's -O0 frames with redzones take 170 MB (6000: 51 MB).
SANITIZE_FLAGS = ("-O0 -g -fsanitize=address,undefined -fno-sanitize-recover=all"
                  " -DW2CL_MAX_CALL_DEPTH=6000")
# Memory-growth tests ask for gigabytes: let ASan's malloc return NULL instead
# of aborting; instances are deliberately never freed, so leaks are noise.
SANITIZE_ENV = {"ASAN_OPTIONS": "allocator_may_return_null=1:detect_leaks=0",
                "UBSAN_OPTIONS": "print_stacktrace=1"}
# Proposals whose --sanitize run uses ThreadSanitizer (with UBSan) instead of
# ASan, which cannot be combined with it: threads, where wasm code runs on
# several host threads at once. --sanitizer picks either one explicitly.
TSAN_PROPOSALS = ("threads",)
TSAN_FLAGS = "-O1 -g -fsanitize=thread,undefined -fno-sanitize-recover=all"
TSAN_ENV = {"TSAN_OPTIONS": "halt_on_error=1:allocator_may_return_null=1",
            "UBSAN_OPTIONS": "print_stacktrace=1"}

TRANSLATE_TIMEOUT = 120
COMPILE_TIMEOUT = 600
RUN_TIMEOUT = 120
REASON_LIMIT = 300
TIMED_OUT = -1000  # run_process's return code for a process it had to kill

C_TYPES = {"i32": "W2CL_I32", "i64": "W2CL_I64", "f32": "W2CL_F32", "f64": "W2CL_F64",
           "v128": "W2CL_V128", "funcref": "W2CL_FUNCREF", "externref": "W2CL_EXTERNREF"}
INT_MASKS = {"i32": (1 << 32) - 1, "i64": (1 << 64) - 1, "f32": (1 << 32) - 1,
             "f64": (1 << 64) - 1}
# v128 lane types: (spec_driver.h shape, bytes per lane).
LANE_SHAPES = {"i8": ("SPEC_LANES_I8", 1), "i16": ("SPEC_LANES_I16", 2),
               "i32": ("SPEC_LANES_I32", 4), "i64": ("SPEC_LANES_I64", 8),
               "f32": ("SPEC_LANES_F32", 4), "f64": ("SPEC_LANES_F64", 8)}
NAN_PATTERNS = {"nan:canonical": "SPEC_NAN_CANONICAL", "nan:arithmetic": "SPEC_NAN_ARITHMETIC"}
ASSERTION_OPS = {"action": "SPEC_ACTION", "assert_return": "SPEC_RETURN",
                 "assert_trap": "SPEC_TRAP", "assert_exhaustion": "SPEC_EXHAUSTION",
                 "assert_exception": "SPEC_EXCEPTION"}
# Proposals the translator supports (testsuite/proposals/NAME, --enable-NAME).
PROPOSALS = ("extended-const", "multi-memory", "memory64", "tail-call", "threads",
             "exception-handling")
# The flag a proposal's directory is run with, when not --enable-NAME: wabt
# calls exception handling --enable-exceptions (the translator takes both).
PROPOSAL_FLAGS = {"exception-handling": "--enable-exceptions"}


@dataclasses.dataclass(frozen=True)
class Target:
    triple: str  # Debian's cross toolchain: TRIPLE-gcc, sysroot /usr/TRIPLE
    qemu: str  # qemu-user binary that runs its executables
    cflags: tuple = ()
    package: str = ""  # Debian package of the cross compiler

    @property
    def cc(self):
        return f"{self.triple}-gcc"


TARGETS = {
    "s390x": Target("s390x-linux-gnu", "qemu-s390x", (), "gcc-s390x-linux-gnu"),
    "armhf": Target("arm-linux-gnueabihf", "qemu-arm", (), "gcc-arm-linux-gnueabihf"),
    "i686": Target("i686-linux-gnu", "qemu-i386", ("-msse2", "-mfpmath=sse"),
                   "gcc-i686-linux-gnu"),
}
TARGET_TIMEOUT_FACTOR = 5  # qemu-user runs the drivers this many times slower, at worst
MODULE_ASSERTION_OPS = {"assert_unlinkable": "SPEC_UNLINKABLE",
                        "assert_uninstantiable": "SPEC_UNINSTANTIABLE"}
# assert_invalid texts of rules that WebAssembly 2.0 dropped, found in proposal
# tests written against the MVP (threads/imports): such commands are skipped.
SUPERSEDED_INVALID = {"multiple tables": "several tables are valid since WebAssembly 2.0 "
                                         "(reference types); this test predates it"}


# The 2.0 assertions --enable-all's proposals change on purpose ("FILE:LINE reason").
SUPERSEDED_FILE = SPEC_DIR / "superseded-by-proposals.txt"


class Skip(Exception):
    """A command this harness does not run (unknown value types, text modules)."""


# ---- Data -----------------------------------------------------------------------


@dataclasses.dataclass
class Config:
    testsuite: Path
    translator: Path
    work: Path
    cc: list
    cflags: list
    env: dict
    pool: concurrent.futures.Executor  # runs translator and compiler processes
    features: list = dataclasses.field(default_factory=list)  # --enable-* flags
    translator_only: list = dataclasses.field(default_factory=list)  # --enable-all
    superseded: dict = dataclasses.field(default_factory=dict)  # {(stem, line): reason} to skip
    runtime_objects: list = dataclasses.field(default_factory=list)
    link_flags: list = dataclasses.field(default_factory=list)  # -static for --target
    runner: list = dataclasses.field(default_factory=list)  # qemu for --target
    run_timeout: int = RUN_TIMEOUT


@dataclasses.dataclass
class Module:
    """A binary module to translate, named m<index> in C."""
    index: int
    filename: str
    error: str = None  # why it is unavailable, if it is

    @property
    def prefix(self):
        return f"m{self.index}"


@dataclasses.dataclass
class Command:
    index: int  # position in the wast2json command list
    line: int
    json: dict
    module: Module = None  # the module it instantiates, if any
    status: str = None  # "pass", "fail" or "skip"
    reason: str = ""

    def finish(self, status, reason=""):
        self.status = status
        self.reason = one_line(reason)


@dataclasses.dataclass
class FileResult:
    stem: str
    commands: list

    def count(self, status):
        return sum(1 for c in self.commands if c.status == status)


def one_line(text):
    text = " ".join(str(text).split())
    return text if len(text) <= REASON_LIMIT else text[:REASON_LIMIT - 3] + "..."


# ---- Processes ------------------------------------------------------------------


def run_process(argv, timeout, **kwargs):
    """Runs argv; returns (returncode, stdout, stderr), TIMED_OUT as the code
    when it had to be killed."""
    try:
        p = subprocess.run(argv, capture_output=True, timeout=timeout, **kwargs)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return TIMED_OUT, e.stdout or b"", e.stderr or b""


def describe_exit(code, timeout):
    if code == TIMED_OUT:
        return f"timed out after {timeout} s"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def first_error(stderr):
    """The most telling line of a tool's error output."""
    lines = stderr.decode("utf-8", "replace").splitlines()
    for marker in ("ERROR: AddressSanitizer", "WARNING: ThreadSanitizer", "runtime error:",
                   "error:", "error"):
        for line in lines:
            if marker in line:
                return line.strip()
    return lines[0].strip() if lines else ""


def compile_c(cfg, source, obj, extra=()):
    """Compiles one C file; returns None or the error summary. The full
    compiler output is kept beside the object for debugging."""
    argv = cfg.cc + cfg.cflags + list(extra) + ["-c", str(source), "-o", str(obj)]
    code, _, err = run_process(argv, COMPILE_TIMEOUT)
    if err:
        Path(str(obj) + ".log").write_bytes(err)
    if code == 0:
        return None
    return f"C compile failed ({describe_exit(code, COMPILE_TIMEOUT)}): {first_error(err)}"


# ---- The runtime, built once per set of flags ------------------------------------


def runtime_sources():
    return sorted(RT_DIR.glob("*.c")) + HOST_SOURCES


def runtime_key(cfg):
    """A digest of everything the runtime objects depend on."""
    h = hashlib.sha256()
    _, version, _ = run_process(cfg.cc + ["--version"], 60)
    h.update(repr((cfg.cc, cfg.cflags)).encode() + version)
    headers = sorted(RT_DIR.glob("*.h")) + sorted(SPEC_DIR.glob("*.h"))
    for path in runtime_sources() + headers:
        h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def build_runtime(cfg):
    """Compiles rt/*.c and the host side of the driver into WORK/rt-KEY/.
    Parallel runs may race here: each builds in a private directory and the
    first rename wins; the contents are identical."""
    final = cfg.work / f"rt-{runtime_key(cfg)}"
    sources = runtime_sources()
    objects = [final / (s.stem + ".o") for s in sources]
    if final.is_dir():
        return objects, None
    cfg.work.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="rt-tmp-", dir=cfg.work))
    jobs = [cfg.pool.submit(compile_c, cfg, s, tmp / (s.stem + ".o"), ["-pthread"])
            for s in sources]
    errors = [j.result() for j in jobs]
    errors = [f"{s.name}: {e}" for s, e in zip(sources, errors) if e]
    if errors:
        return None, "; ".join(errors) + f" (logs in {tmp})"
    try:
        tmp.rename(final)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # another run got there first
    return objects, None


# ---- Planning: from wast2json commands to work items ------------------------------


def load_script(json_path):
    # Names are UTF-8 in wasm; surrogateescape keeps any odd bytes intact.
    with open(json_path, encoding="utf-8", errors="surrogateescape") as f:
        return json.load(f)["commands"]


@dataclasses.dataclass(frozen=True)
class V128:
    """A v128 value's row of spec_v128_values[]: the lane shape, a comparison
    kind per lane and the 16 bytes in memory order."""
    shape: str
    kinds: tuple
    data: bytes

    def c_initializer(self):
        kinds = ", ".join(self.kinds) if any(k != "SPEC_EXACT" for k in self.kinds) else "0"
        return (f"{{{self.shape}, {{{kinds}}}, "
                f"{{{', '.join('0x%02x' % b for b in self.data)}}}}}")


def encode_v128(v, expected):
    """The (C type, kind, V128) of a wast2json v128 value: {"lane_type": "f32",
    "value": [lane, ...]}, lanes as unsigned decimal bits or, in expected
    float lanes, "nan:canonical"/"nan:arithmetic"."""
    lane_type, lanes = v.get("lane_type"), v.get("value")
    if lane_type not in LANE_SHAPES or not isinstance(lanes, list):
        raise Skip(f"v128 value with lane type {lane_type!r}")
    shape, width = LANE_SHAPES[lane_type]
    if len(lanes) != 16 // width:
        raise Skip(f"v128 value with {len(lanes)} {lane_type} lanes")
    kinds, data = [], bytearray()
    for lane in lanes:
        if expected and lane_type in ("f32", "f64") and lane in NAN_PATTERNS:
            kinds.append(NAN_PATTERNS[lane])
            data += bytes(width)
        else:
            try:
                bits = int(lane) & ((1 << 8 * width) - 1)
            except ValueError:
                raise Skip(f"v128 {lane_type} lane {lane!r}") from None
            kinds.append("SPEC_EXACT")
            data += bits.to_bytes(width, "little")
    return C_TYPES["v128"], "SPEC_EXACT", V128(shape, tuple(kinds), bytes(data))


def encode_value(v, expected):
    """(C type, comparison kind, bits) for one wast2json value; for v128 the
    bits are a V128 (Plan stores it and puts its index there)."""
    t = v["type"]
    if t not in C_TYPES:
        raise Skip(f"{t} value")
    if t == "v128":
        return encode_v128(v, expected)
    value = v.get("value")
    if t in ("funcref", "externref"):
        if value == "null":
            return C_TYPES[t], "SPEC_REF_NULL", 0
        if t == "funcref" or value is None:
            return C_TYPES[t], "SPEC_REF_NONNULL", 0
        return C_TYPES[t], "SPEC_EXACT", int(value) + 1  # ref.extern N is (void *)(N + 1)
    if expected and value == "nan:canonical":
        return C_TYPES[t], "SPEC_NAN_CANONICAL", 0
    if expected and value == "nan:arithmetic":
        return C_TYPES[t], "SPEC_NAN_ARITHMETIC", 0
    return C_TYPES[t], "SPEC_EXACT", int(value) & INT_MASKS[t]


def c_string(data):
    """A C string literal for arbitrary bytes (octal escapes never run on)."""
    out = []
    for b in data:
        ch = chr(b)
        if 0x20 <= b < 0x7f and ch not in '"\\?':
            out.append(ch)
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


def name_bytes(name):
    return name.encode("utf-8", "surrogateescape")


class Plan:
    """Walks the script once, assigning modules and instance slots and
    turning each runnable command into a driver table row."""

    def __init__(self, commands, superseded=None):
        """superseded: {line: reason} of commands to skip (run.py --enable-all)."""
        self.commands = [Command(i, c.get("line", 0), c) for i, c in enumerate(commands)]
        self.superseded = superseded or {}
        self.modules = []  # Module, in mN order
        self.rejections = []  # commands whose module the translator must reject
        self.rows = []  # C initialisers for spec_commands[]
        self.values = []  # (C type, kind, bits) for spec_values[]
        self.v128s = []  # V128 for spec_v128_values[]
        self.slots = 0
        self.current = -1  # the slot actions without a module name use
        self.named = {}
        for cmd in self.commands:
            try:
                self.plan(cmd)
            except Skip as e:
                cmd.finish("skip", str(e))

    def plan(self, cmd):
        kind = cmd.json["type"]
        if cmd.line in self.superseded:
            raise Skip(self.superseded[cmd.line])
        if kind in ("assert_invalid", "assert_malformed"):
            self.require_binary(cmd)
            if kind == "assert_invalid" and cmd.json.get("text") in SUPERSEDED_INVALID:
                raise Skip(SUPERSEDED_INVALID[cmd.json["text"]])
            self.rejections.append(cmd)
        elif kind == "module":
            slot = self.add_instance(cmd, "SPEC_INSTANTIATE")
            self.current = slot
            if "name" in cmd.json:
                self.named[cmd.json["name"]] = slot
        elif kind in MODULE_ASSERTION_OPS:
            self.require_binary(cmd)
            self.add_instance(cmd, MODULE_ASSERTION_OPS[kind])
        elif kind == "register":
            name = name_bytes(cmd.json["as"])
            self.add_row(cmd, "SPEC_REGISTER", slot=self.slot_named(cmd.json.get("name")),
                         name=name)
        elif kind in ASSERTION_OPS:
            self.add_assertion(cmd, ASSERTION_OPS[kind])
        else:
            raise Skip(f"unsupported command {kind}")

    @staticmethod
    def require_binary(cmd):
        if cmd.json.get("module_type", "binary") != "binary":
            raise Skip("text module (tests the text parser)")

    def slot_named(self, name):
        """The slot of a named module, or the current one; -1 for none."""
        return self.named.get(name, -1) if name else self.current

    def add_instance(self, cmd, op):
        module = Module(len(self.modules), cmd.json["filename"])
        self.modules.append(module)
        cmd.module = module
        slot = self.slots
        self.slots += 1
        self.add_row(cmd, op, slot=slot, module=module.index)
        return slot

    def add_assertion(self, cmd, op):
        action = cmd.json["action"]
        args = [encode_value(v, False) for v in action.get("args", [])]
        expected = cmd.json.get("expected", [])
        unknown = [v["type"] for v in expected if v["type"] not in C_TYPES]
        if unknown:
            raise Skip(f"{unknown[0]} value")
        # Only assert_return has values to compare; the others list types.
        results = [encode_value(v, True) for v in expected] if op == "SPEC_RETURN" else []
        self.add_row(cmd, op, slot=self.slot_named(action.get("module")),
                     name=name_bytes(action["field"]), args=args, results=results,
                     is_get=action["type"] == "get")

    def stored(self, value):
        """The spec_values[] entry of an encoded value: a V128 goes to
        spec_v128_values[] and its index takes the place of the bits."""
        t, kind, bits = value
        if isinstance(bits, V128):
            self.v128s.append(bits)
            bits = len(self.v128s) - 1
        return t, kind, bits

    def add_row(self, cmd, op, slot, module=-1, name=b"", args=(), results=(), is_get=False):
        first_arg = len(self.values)
        self.values.extend(self.stored(v) for v in args)
        first_result = len(self.values)
        self.values.extend(self.stored(v) for v in results)
        text = cmd.json.get("text", "").encode("utf-8", "surrogateescape")
        self.rows.append(f"{{{op}, {int(is_get)}, {cmd.index}, {cmd.line}, {module}, {slot}, "
                         f"{c_string(name)}, {len(name)}, {len(args)}, {len(results)}, "
                         f"{first_arg}, {first_result}, {c_string(text)}}}")


# ---- Generated C -----------------------------------------------------------------------


def driver_source(plan, stem):
    """driver.c: the script as data for spec_driver.c."""
    values = [f"{{{t}, {k}, UINT64_C({b})}}" for t, k, b in plan.values] or ["{0, 0, 0}"]
    v128s = [v.c_initializer() for v in plan.v128s] or ["{0}"]
    rows = plan.rows or ["{0}"]
    return "\n".join([
        f"/* Generated by spec-tests/run.py from {stem}.wast: its commands as data. */",
        '#include "spec_driver.h"',
        "",
        "const spec_value spec_values[] = {",
        ",\n".join("    " + v for v in values),
        "};",
        "",
        "const spec_v128_value spec_v128_values[] = {",
        ",\n".join("    " + v for v in v128s),
        "};",
        "",
        "const spec_command spec_commands[] = {",
        ",\n".join("    " + r for r in rows),
        "};",
        "",
        f"const size_t spec_command_count = {len(plan.rows)};",
        f"const size_t spec_instance_count = {max(plan.slots, 1)};",
        "",
    ])


def modules_source(modules):
    """modules.c: the module table, NULL where a module is unavailable."""
    ready = [m for m in modules if not m.error]
    lines = ["/* Generated by spec-tests/run.py: the modules the driver can use. */",
             '#include "spec_driver.h"', ""]
    lines += [f"extern const spec_module_ops {m.prefix}_ops;" for m in ready]
    entries = [f"&{m.prefix}_ops" if not m.error else "NULL" for m in modules] or ["NULL"]
    lines += ["", "const spec_module_ops *const spec_modules[] = {",
              ",\n".join("    " + e for e in entries), "};",
              f"const size_t spec_module_count = {len(modules)};", ""]
    return "\n".join(lines)


def unit_source(prefix):
    """mN_unit.c: the generated module plus its type-erased entry points."""
    return f"""/* Generated by spec-tests/run.py: {prefix}.c and its entry points for the driver. */
#include "{prefix}.c"
#include "spec_driver.h"

static w2cl_status {prefix}_spec_resolve(void *imports, const w2cl_extern *list, size_t n) {{
    return {prefix}_resolve_imports(({prefix}_imports *)imports, list, n);
}}

static w2cl_status {prefix}_spec_instantiate(void *instance, const void *imports) {{
    return {prefix}_instantiate(({prefix}_instance *)instance, (const {prefix}_imports *)imports);
}}

static size_t {prefix}_spec_exports(void *instance, const char *module, w2cl_extern *out,
                                   size_t cap) {{
    return {prefix}_exports(({prefix}_instance *)instance, module, out, cap);
}}

extern const spec_module_ops {prefix}_ops;
const spec_module_ops {prefix}_ops = {{
    sizeof({prefix}_instance), sizeof({prefix}_imports),
    {prefix}_spec_resolve, {prefix}_spec_instantiate, {prefix}_spec_exports
}};
"""


# ---- One .wast file ------------------------------------------------------------------------


def translate(cfg, wasm, out_c, prefix):
    return run_process([str(cfg.translator), str(wasm), "-o", str(out_c), "-n", prefix]
                       + cfg.features + cfg.translator_only, TRANSLATE_TIMEOUT)


def translate_module(cfg, workdir, module):
    """Translates and compiles one module; sets module.error on failure."""
    code, _, err = translate(cfg, workdir / module.filename, workdir / f"{module.prefix}.c",
                             module.prefix)
    if code != 0:
        module.error = (f"translator {describe_exit(code, TRANSLATE_TIMEOUT)}: "
                        f"{first_error(err)}")
        return
    unit = workdir / f"{module.prefix}_unit.c"
    unit.write_text(unit_source(module.prefix))
    module.error = compile_c(cfg, unit, workdir / f"{module.prefix}.o", ["-I", str(workdir)])


def check_rejection(cfg, workdir, cmd):
    """assert_invalid/assert_malformed: the translator must exit with status 1."""
    rejected = workdir / "rejected"
    code, _, err = translate(cfg, workdir / cmd.json["filename"],
                             rejected / f"r{cmd.index}.c", f"r{cmd.index}")
    expected = cmd.json.get("text", "")
    if code == 1:
        cmd.finish("pass")
    elif code == 0:
        cmd.finish("fail", f"translator accepted the module, expected \"{expected}\"")
    else:
        cmd.finish("fail", f"translator {describe_exit(code, TRANSLATE_TIMEOUT)}, expected "
                           f"exit status 1 (\"{expected}\"): {first_error(err)}")


def build_driver(cfg, workdir, plan, stem):
    """Translates and compiles everything; returns the executable or an error."""
    (workdir / "rejected").mkdir()
    driver_c = workdir / "driver.c"
    driver_c.write_text(driver_source(plan, stem))
    jobs = [cfg.pool.submit(compile_c, cfg, driver_c, workdir / "driver.o")]
    jobs += [cfg.pool.submit(translate_module, cfg, workdir, m) for m in plan.modules]
    jobs += [cfg.pool.submit(check_rejection, cfg, workdir, c) for c in plan.rejections]
    driver_error = jobs[0].result()
    for job in jobs[1:]:
        job.result()
    if driver_error:
        return None, f"driver.c: {driver_error}"
    modules_c = workdir / "modules.c"
    modules_c.write_text(modules_source(plan.modules))
    error = compile_c(cfg, modules_c, workdir / "modules.o")
    if error:
        return None, f"modules.c: {error}"
    return link_driver(cfg, workdir, plan)


def link_driver(cfg, workdir, plan):
    exe = workdir / "driver"
    objects = [workdir / "driver.o", workdir / "modules.o"]
    objects += [workdir / f"{m.prefix}.o" for m in plan.modules if not m.error]
    argv = (cfg.cc + cfg.cflags + cfg.link_flags
            + [str(o) for o in objects + cfg.runtime_objects]
            + ["-o", str(exe), "-lm", "-pthread"])
    code, _, err = run_process(argv, COMPILE_TIMEOUT)
    (workdir / "link.log").write_bytes(err)
    if code != 0:
        return None, f"link failed: {first_error(err)}"
    return exe, None


def parse_driver_output(stdout):
    """{command index: reason or None} from the protocol lines, and whether
    the driver reached its end."""
    outcomes, done = {}, False
    for line in stdout.decode("utf-8", "replace").splitlines():
        if not line.startswith("@@ "):
            continue
        words = line[3:].split(" ", 3)
        if words[0] == "done":
            done = True
        elif words[0] in ("ok", "fail") and len(words) >= 3:
            outcomes[int(words[1])] = None if words[0] == "ok" else " ".join(words[3:])
    return outcomes, done


def run_driver(cfg, workdir, plan, exe):
    code, out, err = run_process(cfg.runner + [str(exe)], cfg.run_timeout, cwd=workdir,
                                 env=cfg.env)
    (workdir / "driver.out").write_bytes(out)
    (workdir / "driver.err").write_bytes(err)
    outcomes, done = parse_driver_output(out)
    death = None
    if code != 0 or not done:
        death = f"driver {describe_exit(code, cfg.run_timeout)}"
        if first_error(err):
            death += f": {first_error(err)}"
    pending = [c for c in plan.commands if not c.status and c.index not in outcomes]
    record_outcomes(plan, outcomes, death)
    if death and not pending:
        return death  # it died after the last command: still a failure
    return None


def record_outcomes(plan, outcomes, death):
    died_at = None
    for cmd in plan.commands:
        if cmd.status:
            continue  # decided here already (skips, rejections)
        if cmd.index in outcomes:
            reason = outcomes[cmd.index]
            if reason is None:
                cmd.finish("pass")
            else:
                cmd.finish("fail", cmd.module.error if cmd.module and cmd.module.error
                           else reason)
        elif died_at is None:
            died_at = cmd.line
            cmd.finish("fail", f"{death or 'driver gave no result'} (during this command)")
        else:
            cmd.finish("fail", f"not run: the driver died at line {died_at}")


def fail_remaining(plan, reason):
    for cmd in plan.commands:
        if not cmd.status:
            cmd.finish("fail", reason)


def file_error(stem, reason):
    cmd = Command(-1, 0, {})
    cmd.finish("fail", reason)
    return FileResult(stem, [cmd])


def wast_path(testsuite, stem):
    """The .wast file of a key: STEM in the testsuite, NAME/STEM in proposals/."""
    if "/" in stem:
        return testsuite / "proposals" / f"{stem}.wast"
    return testsuite / f"{stem}.wast"


def run_file(cfg, stem):
    """Runs one .wast file in WORK/STEM/ (fresh each time)."""
    workdir = cfg.work / stem
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    json_path = workdir / f"{Path(stem).name}.json"
    code, _, err = run_process(["wast2json", str(wast_path(cfg.testsuite, stem)),
                                "-o", str(json_path)] + cfg.features, COMPILE_TIMEOUT)
    if code != 0:
        return file_error(stem, f"wast2json {describe_exit(code, COMPILE_TIMEOUT)}: "
                                f"{first_error(err)}")
    superseded = {line: reason for (s, line), reason in cfg.superseded.items() if s == stem}
    plan = Plan(load_script(json_path), superseded)
    exe, error = build_driver(cfg, workdir, plan, stem)
    if error:
        fail_remaining(plan, error)
        return FileResult(stem, plan.commands)
    death = run_driver(cfg, workdir, plan, exe)
    commands = plan.commands
    if death:
        commands.append(file_error(stem, death).commands[0])
    return FileResult(stem, commands)


# ---- Expectations ------------------------------------------------------------------------


def load_expectations(path):
    """{(stem, line): reason} from lines "FILE:LINE reason"."""
    expected = {}
    if not path.exists():
        return expected
    for number, text in enumerate(path.read_text().splitlines(), 1):
        text = text.strip()
        if not text or text.startswith("#"):
            continue
        location, _, reason = text.partition(" ")
        stem, _, line = location.rpartition(":")
        if not stem or not line.isdigit():
            usage_error(f"{path}:{number}: expected 'FILE:LINE reason', got {text!r}")
        expected[(stem.removesuffix(".wast"), int(line))] = reason.strip()
    return expected


def compare_with_expectations(result, expected):
    """(unexpected failures, unexpected passes) as printable lines."""
    failures, failing_lines, lines = [], set(), {}
    for cmd in result.commands:
        lines.setdefault(cmd.line, set()).add(cmd.status)
        if cmd.status == "fail":
            failing_lines.add(cmd.line)
            if (result.stem, cmd.line) not in expected:
                failures.append(f"UNEXPECTED FAIL {result.stem}:{cmd.line} {cmd.reason}")
    passes = []
    for (stem, line), reason in sorted(expected.items()):
        statuses = lines.get(line, set())
        if stem == result.stem and line not in failing_lines and statuses != {"skip"}:
            what = "passed" if statuses else "no such command"
            passes.append(f"UNEXPECTED PASS {stem}:{line} ({what}; listed as: {reason})")
    return failures, passes


def write_expectations(path, results, old):
    """Rewrites the file: this run's failures replace the entries of the
    files it ran; other files' entries stay."""
    ran = {r.stem for r in results}
    entries = {k: v for k, v in old.items() if k[0] not in ran}
    for result in results:
        for cmd in result.commands:
            if cmd.status == "fail":
                entries.setdefault((result.stem, cmd.line), cmd.reason)
    header = expectations_header(path)
    body = [f"{stem}:{line} {reason}" for (stem, line), reason in sorted(entries.items())]
    path.write_text("\n".join(header + body) + "\n")


def expectations_header(path):
    """The leading comment block of the existing file, kept on rewrite."""
    if not path.exists():
        return ["# Spec test commands known to fail: FILE:LINE reason"]
    header = []
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            break
        header.append(line)
    while header and not header[-1].strip():
        header.pop()
    return header


# ---- Command line ------------------------------------------------------------------------


def parse_args(argv):
    p = argparse.ArgumentParser(description="Run the WebAssembly spec tests with wasm2c-lite.")
    p.add_argument("names", nargs="*", metavar="NAME",
                   help="testsuite file stems (i32, br_table); default: all")
    p.add_argument("--testsuite", type=Path, default=REPO.parent / "shared" / "wasm-testsuite")
    p.add_argument("--proposal", metavar="NAME", choices=PROPOSALS,
                   help="run testsuite/proposals/NAME/ (NAMEs: the files there) with "
                        "--enable-NAME; one of " + ", ".join(PROPOSALS))
    p.add_argument("--translator", type=Path, default=REPO / "build" / "wasm2c-lite")
    p.add_argument("--work", type=Path,
                   help="work directory (default build/spec, build/spec-portable with "
                        "--simd-portable, build/spec-TARGET[-portable] with --target)")
    p.add_argument("--cc", help="C compiler (default $CC or cc; TRIPLE-gcc with --target)")
    p.add_argument("--target", choices=sorted(TARGETS),
                   help="cross-compile with Debian's TRIPLE-gcc, link statically and run "
                        "the drivers under qemu-user")
    p.add_argument("--cflags", default="-O2",
                   help="compiler flags, as one word: --cflags=\"-O1 -g\" (default -O2)")
    p.add_argument("--sanitize", action="store_true",
                   help="build with ASan and UBSan at -O0 (for threads: TSan and UBSan at -O1)")
    p.add_argument("--sanitizer", choices=("address", "thread"),
                   help="with --sanitize: ASan or TSan (each with UBSan; default thread for "
                        + ", ".join(TSAN_PROPOSALS) + ", address otherwise)")
    p.add_argument("--enable-all", action="store_true",
                   help="translate with --enable-all (the scripts stay 2.0): every proposal on "
                        "must not change 2.0 behaviour, except the assertions in "
                        "spec-tests/superseded-by-proposals.txt (skipped)")
    p.add_argument("--simd-portable", action="store_true",
                   help="compile everything with -DW2CL_SIMD_PORTABLE: the runtime's "
                        "portable SIMD path instead of the vector one")
    p.add_argument("--guard-pages", action="store_true",
                   help="compile everything with -DW2CL_GUARD_PAGES: guard regions and a fault "
                        "handler instead of explicit bounds checks (64-bit POSIX hosts)")
    p.add_argument("--expectations", type=Path, default=SPEC_DIR / "expectations.txt")
    p.add_argument("-j", "--jobs", type=int, default=1, help="files run in parallel")
    p.add_argument("--update-expectations", action="store_true",
                   help="rewrite the expectations from this run's failures")
    p.add_argument("-v", "--verbose", action="store_true", help="list the failing commands")
    args = p.parse_args(argv)
    if args.work is None:
        name = "spec" + (f"-{args.target}" if args.target else "")
        name += "-portable" if args.simd_portable else ""
        name += "-guard" if args.guard_pages else ""
        args.work = REPO / "build" / (name + ("-all" if args.enable_all else ""))
    if args.cc is None:
        args.cc = TARGETS[args.target].cc if args.target else os.environ.get("CC") or "cc"
    if args.target and args.sanitize:
        usage_error("--sanitize is for native runs only")
    return args


def usage_error(message):
    sys.stderr.write(f"run.py: {message}\n")
    sys.exit(2)


def select_files(args):
    """The stems to run (NAME/STEM with --proposal NAME), or exit with a message."""
    if not args.testsuite.is_dir():
        usage_error(f"no testsuite at {args.testsuite}\n"
                    f"Get it with (from the repository root):\n  {TESTSUITE_HINT}")
    if args.proposal:
        directory = args.testsuite / "proposals" / args.proposal
        names = args.names or sorted(p.stem for p in directory.glob("*.wast"))
        stems = [f"{args.proposal}/{n.removesuffix('.wast')}" for n in names]
    elif not args.names:
        return sorted(p.stem for p in args.testsuite.glob("*.wast"))
    else:
        stems = [n.removesuffix(".wast") for n in args.names]
    missing = [s for s in stems if not wast_path(args.testsuite, s).is_file()]
    if missing:
        usage_error(f"not in {args.testsuite}: {', '.join(missing)}")
    return stems


def check_tools(args):
    if not args.translator.is_file():
        usage_error(f"no translator at {args.translator} "
                    "(build it: cmake -S . -B build && cmake --build build)")
    if not shutil.which("wast2json"):
        usage_error("wast2json not found (Debian: apt-get install wabt)")
    if args.target:
        target = TARGETS[args.target]
        if not shutil.which(shlex.split(args.cc)[0]):
            usage_error(f"{args.cc} not found (Debian: apt-get install {target.package})")
        if not shutil.which(target.qemu):
            usage_error(f"{target.qemu} not found (Debian: apt-get install qemu-user)")


def make_config(args, pool):
    cflags = shlex.split(args.cflags) + ["-Wall", "-Wextra", "-I", str(RT_DIR),
                                         "-I", str(SPEC_DIR)]
    env = dict(os.environ)
    if args.simd_portable:
        cflags.append("-DW2CL_SIMD_PORTABLE")
    if args.guard_pages:
        cflags.append("-DW2CL_GUARD_PAGES")
    if args.sanitize:
        tsan = (args.sanitizer or ("thread" if args.proposal in TSAN_PROPOSALS else
                                   "address")) == "thread"
        cflags += shlex.split(TSAN_FLAGS if tsan else SANITIZE_FLAGS)
        for key, value in (TSAN_ENV if tsan else SANITIZE_ENV).items():
            env.setdefault(key, value)
    features = ([PROPOSAL_FLAGS.get(args.proposal, f"--enable-{args.proposal}")]
                if args.proposal else [])
    link_flags, runner, run_timeout = [], [], RUN_TIMEOUT
    if args.target:
        target = TARGETS[args.target]
        cflags += list(target.cflags)
        link_flags = ["-static"]
        runner = [target.qemu, "-L", f"/usr/{target.triple}"]
        run_timeout = RUN_TIMEOUT * TARGET_TIMEOUT_FACTOR
    return Config(testsuite=args.testsuite.resolve(), translator=args.translator.resolve(),
                  work=args.work.resolve(), cc=shlex.split(args.cc), cflags=cflags, env=env,
                  pool=pool, features=features, link_flags=link_flags, runner=runner,
                  translator_only=["--enable-all"] if args.enable_all else [],
                  superseded=load_expectations(SUPERSEDED_FILE) if args.enable_all else {},
                  run_timeout=run_timeout)


def report_file(result, expected, verbose):
    skipped = result.count("skip")
    line = f"{result.stem}: {result.count('pass')} passed, {result.count('fail')} failed"
    print(line + (f", {skipped} skipped" if skipped else ""), flush=True)
    if verbose:
        for cmd in result.commands:
            if cmd.status == "fail":
                known = " [expected]" if (result.stem, cmd.line) in expected else ""
                print(f"  {result.stem}:{cmd.line}: {cmd.reason}{known}", flush=True)


def main(argv):
    args = parse_args(argv)
    stems = select_files(args)
    check_tools(args)
    expected = load_expectations(args.expectations)
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        cfg = make_config(args, pool)
        cfg.runtime_objects, error = build_runtime(cfg)
        if error:
            sys.stderr.write(f"run.py: cannot build the runtime: {error}\n")
            return 2
        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as files:
            results = []
            for result in files.map(lambda s: run_file(cfg, s), stems):
                report_file(result, expected, args.verbose)
                results.append(result)
    return summarize(args, results, expected)


def summarize(args, results, expected):
    unexpected = []
    for result in results:
        failures, passes = compare_with_expectations(result, expected)
        unexpected += failures + passes
    if args.update_expectations:
        write_expectations(args.expectations, results, expected)
        print(f"rewrote {args.expectations}")
        unexpected = []
    for line in unexpected:
        print(line)
    totals = [sum(r.count(s) for r in results) for s in ("pass", "fail", "skip")]
    summary = f"{totals[0]} passed, {totals[1]} failed"
    print(summary + (f", {totals[2]} skipped" if totals[2] else ""))
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
