"""A tiny WebAssembly binary writer for the limit tests (stdlib only)."""


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def vec(items):
    items = list(items)
    return uleb(len(items)) + b"".join(items)


def name(s):
    b = s.encode()
    return uleb(len(b)) + b


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


def module(*sections):
    return b"\0asm\1\0\0\0" + b"".join(sections)


I32, I64, F32, F64 = 0x7F, 0x7E, 0x7D, 0x7C


def functype(params, results):
    return b"\x60" + vec(bytes([t]) for t in params) + vec(bytes([t]) for t in results)


def code_entry(local_decls, body):
    """local_decls: [(count, type)]; body: instruction bytes without the final end."""
    payload = vec(uleb(n) + bytes([t]) for n, t in local_decls) + body + b"\x0b"
    return uleb(len(payload)) + payload


def export(nm, kind, idx):
    return name(nm) + bytes([kind]) + uleb(idx)
