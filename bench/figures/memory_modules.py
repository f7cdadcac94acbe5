"""The generated modules of figure 6 (60_memory.py): distinct hello handlers written as WebAssembly bytes.

Each module answers `Hello from module N` through WASI `fd_write` like the hello guest, and carries `functions`
small functions (a chain `_start` calls, so compiled code) and `data_bytes` of random bytes in a data segment
(module data, which Wasmtime keeps in the compiled module to initialise memory). Both differ per module, so no two
compile to the same thing. Python only: no WebAssembly toolchain needed on the machine.
"""
import random
import struct

I32 = 0x7F


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
    return uleb(len(items)) + b"".join(items)


def name(s):
    return uleb(len(s)) + s.encode()


def section(id_, body):
    return bytes([id_]) + uleb(len(body)) + body


def i32_const(v):
    return b"\x41" + sleb(v)


def body(instructions, locals_=b"\x00"):
    b = locals_ + instructions + b"\x0b"
    return uleb(len(b)) + b


def module(index, functions, data_bytes):
    rnd = random.Random(index)
    text = f"Content-Type: text/plain\n\nHello from module {index}\n".encode()
    types = vec([b"\x60" + vec([bytes([I32])] * 4) + vec([bytes([I32])]),   # 0: fd_write
                 b"\x60\x00\x00",                                            # 1: _start
                 b"\x60" + vec([bytes([I32])]) + vec([bytes([I32])])])       # 2: the chain
    imports = vec([name("wasi_snapshot_preview1") + name("fd_write") + b"\x00" + uleb(0)])
    funcs = vec([uleb(1)] + [uleb(2)] * functions)
    pages = memory_pages(data_bytes)
    memory = vec([b"\x00" + uleb(pages)])
    exports = vec([name("memory") + b"\x02" + uleb(0), name("_start") + b"\x00" + uleb(1)])
    # _start: fd_write(stdout, iovs=0, 1 iov, nwritten=8), then the chain (function indexes: 0 the import, 1 _start).
    start = i32_const(1) + i32_const(0) + i32_const(1) + i32_const(8) + b"\x10" + uleb(0) + b"\x1a"
    if functions:
        start += i32_const(index) + b"\x10" + uleb(2) + b"\x1a"
    codes = [body(start)]
    for f in range(functions):
        code = bytearray(b"\x20\x00")   # local.get 0, then 40 of i32.add/mul/xor/shr_u/and with a constant
        for _ in range(40):
            code += i32_const(rnd.randint(-2 ** 30, 2 ** 30)) + bytes([rnd.choice([0x6A, 0x6C, 0x73, 0x76, 0x71])])
        if f + 1 < functions:
            code += b"\x10" + uleb(3 + f)
        codes.append(body(bytes(code)))
    iov = struct.pack("<II", 16, len(text))
    segments = [b"\x00" + i32_const(0) + b"\x0b" + uleb(len(iov)) + iov,
                b"\x00" + i32_const(16) + b"\x0b" + uleb(len(text)) + text]
    if data_bytes:
        pad = rnd.randbytes(data_bytes)
        segments.append(b"\x00" + i32_const(1024) + b"\x0b" + uleb(len(pad)) + pad)
    return (b"\0asm" + struct.pack("<I", 1) + section(1, types) + section(2, imports) + section(3, funcs)
            + section(5, memory) + section(7, exports) + section(10, vec(codes)) + section(11, vec(segments)))


def memory_pages(data_bytes):
    """Linear memory of a module, in 64 KiB pages: the data after the first KiB, and one page more."""
    return (1024 + data_bytes + 65535) // 65536 + 1


def expected_body(index):
    return f"Hello from module {index}\n".encode()
