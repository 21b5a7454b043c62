#!/usr/bin/env python3
"""Hand-made malformed and invalid WebAssembly modules.

Each case is (name, what is wrong, bytes). Run as a script to write them as
NAME.wasm into a directory (default: ./cases); check.py imports CASES.
"""
import os
import sys


def leb(n):
    """Unsigned LEB128."""
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def vec(items):
    return leb(len(items)) + b"".join(items)


def name(s):
    return leb(len(s)) + s


def section(sid, payload):
    return bytes([sid]) + leb(len(payload)) + payload


HEADER = b"\x00asm\x01\x00\x00\x00"
I32, I64 = b"\x7f", b"\x7e"


def functype(params=b"", results=b""):
    return b"\x60" + leb(len(params)) + params + leb(len(results)) + results


def module(*sections):
    return HEADER + b"".join(sections)


def code_entry(body, locals_=b"\x00"):
    """A code entry: local declarations (default none), then the body."""
    payload = locals_ + body
    return leb(len(payload)) + payload


def one_func(body, ftype=None, locals_=b"\x00", extra=()):
    """Type, function and code sections for a single function, plus `extra`
    sections placed between the function and code sections."""
    return module(
        section(1, vec([ftype or functype()])),
        section(3, vec([b"\x00"])),
        *extra,
        section(10, vec([code_entry(body, locals_)])),
    )


MEM1 = section(5, vec([b"\x00\x01"]))  # one memory, min 1 page

CASES = [
    ("truncated_header", "file ends inside the version field",
     b"\x00asm\x01\x00"),
    ("bad_magic", "magic is \\0asn instead of \\0asm",
     b"\x00asn\x01\x00\x00\x00"),
    ("bad_version", "binary version 2",
     b"\x00asm\x02\x00\x00\x00"),
    ("leb_too_long", "type count LEB128 uses 6 bytes (u32 allows 5)",
     module(section(1, b"\x80\x80\x80\x80\x80\x00"))),
    ("leb_too_large", "type count LEB128 has bits set beyond 32",
     module(section(1, b"\xff\xff\xff\xff\x7f"))),
    ("section_out_of_order", "function section before type section",
     module(section(3, vec([b"\x00"])), section(1, vec([functype()])))),
    ("duplicate_section", "two type sections",
     module(section(1, vec([functype()])), section(1, vec([functype()])))),
    ("section_size_mismatch", "type section declares one byte more than its entries use",
     module(section(1, vec([functype()]) + b"\x00"))),
    ("section_past_end", "section size runs past the end of the file",
     HEADER + b"\x01\x10\x01\x60\x00\x00"),
    ("bad_section_id", "section id 13 does not exist",
     module(section(13, b""))),
    ("func_code_mismatch", "function section declares a function, no code section",
     module(section(1, vec([functype()])), section(3, vec([b"\x00"])))),
    ("bad_utf8_name", "export name is the invalid UTF-8 byte 0xff",
     one_func(b"\x0b", extra=[section(7, vec([name(b"\xff") + b"\x00\x00"]))])),
    ("bad_value_type", "function parameter type byte 0x40",
     module(section(1, vec([functype(b"\x40")])))),
    ("stack_underflow", "i32.add with an empty operand stack",
     one_func(b"\x6a\x0b")),
    ("type_mismatch", "function returning i32 ends with an i64",
     one_func(b"\x42\x00\x0b", ftype=functype(results=I32))),
    ("unknown_opcode", "opcode 0xff does not exist",
     one_func(b"\xff\x0b")),
    ("missing_end", "function body has no final end",
     one_func(b"\x01")),
    ("trailing_after_end", "bytes after the function's final end",
     one_func(b"\x0b\x01")),
    ("too_many_locals", "50001 locals in one function",
     one_func(b"\x0b", locals_=b"\x01" + leb(50001) + I32)),
    ("unknown_local", "local.get 5 in a function with no locals",
     one_func(b"\x20\x05\x1a\x0b")),
    ("datacount_mismatch", "data count 2 but one data segment",
     module(MEM1, section(12, leb(2)), section(11, vec([b"\x01" + name(b"x")])))),
    ("datacount_required", "memory.init without a data count section",
     one_func(b"\x41\x00\x41\x00\x41\x00\xfc\x08\x00\x00\x0b", extra=[MEM1])),
    ("bad_limits_flag", "memory limits flag 2",
     module(section(5, vec([b"\x02\x01"])))),
    ("memory_too_large", "memory minimum of 65537 pages",
     module(section(5, vec([b"\x00" + leb(65537)])))),
    ("limits_min_above_max", "memory minimum 2 pages, maximum 1",
     module(section(5, vec([b"\x01\x02\x01"])))),
    ("multiple_memories", "two memories (WebAssembly 2.0 allows one)",
     module(section(5, vec([b"\x00\x01", b"\x00\x01"])))),
    ("duplicate_export", "two exports named f",
     one_func(b"\x0b", extra=[section(7, vec([name(b"f") + b"\x00\x00"] * 2))])),
    ("bad_start_type", "start function takes an i32",
     one_func(b"\x0b", ftype=functype(I32), extra=[section(8, leb(0))])),
    ("immutable_global_set", "global.set on an immutable global",
     one_func(b"\x41\x00\x24\x00\x0b",
              extra=[section(6, vec([I32 + b"\x00\x41\x00\x0b"]))])),
    ("nonconst_global_init", "global initialiser uses i32.add",
     module(section(6, vec([I32 + b"\x00\x41\x01\x41\x02\x6a\x0b"])))),
    ("undeclared_ref_func", "ref.func of a function no export or segment declares",
     one_func(b"\xd2\x00\x1a\x0b")),
    ("bad_alignment", "i32.load with 8-byte alignment",
     one_func(b"\x41\x00\x28\x03\x00\x1a\x0b", extra=[MEM1])),
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "cases")
    os.makedirs(out, exist_ok=True)
    for case_name, _, data in CASES:
        with open(os.path.join(out, case_name + ".wasm"), "wb") as f:
            f.write(data)
    print(f"wrote {len(CASES)} files to {out}")


if __name__ == "__main__":
    main()
