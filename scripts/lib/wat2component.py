#!/usr/bin/env python3
"""Compiles a component written in the component text format with wasmtime_wat2wasm of the
libwasmtime.so that mik ships (the Wasmtime NuGet package), so small test components need no
other toolchain. A binary component (a toolchain's output) is only validated and copied.
Usage: wat2component.py <libwasmtime.so> <in.wat|in.wasm> <out.wasm>"""
import ctypes
import sys


class ByteVec(ctypes.Structure):
    _fields_ = [("size", ctypes.c_size_t), ("data", ctypes.POINTER(ctypes.c_uint8))]


def fail(lib, error, source):
    message = ByteVec()
    lib.wasmtime_error_message(error, ctypes.byref(message))
    print(f"error: {source}: " + ctypes.string_at(message.data, message.size).decode(), file=sys.stderr)
    lib.wasm_byte_vec_delete(ctypes.byref(message))
    lib.wasmtime_error_delete(error)
    return 1


def main(library, source, target):
    lib = ctypes.CDLL(library)
    lib.wasmtime_wat2wasm.restype = ctypes.c_void_p
    lib.wasmtime_wat2wasm.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ByteVec)]
    lib.wasmtime_error_message.argtypes = [ctypes.c_void_p, ctypes.POINTER(ByteVec)]
    lib.wasmtime_error_delete.argtypes = [ctypes.c_void_p]
    lib.wasm_byte_vec_delete.argtypes = [ctypes.POINTER(ByteVec)]

    text = open(source, "rb").read()
    if text[:4] == b"\0asm":
        wasm = text
    else:
        out = ByteVec()
        error = lib.wasmtime_wat2wasm(text, len(text), ctypes.byref(out))
        if error:
            return fail(lib, error, source)
        wasm = ctypes.string_at(out.data, out.size)
        lib.wasm_byte_vec_delete(ctypes.byref(out))
    if wasm[:8] != b"\0asm\x0d\x00\x01\x00":
        print(f"error: {source} is not a component (header {wasm[:8].hex(' ')})", file=sys.stderr)
        return 1
    # wat2wasm only parses; compiling with a default engine validates the component as mik's would.
    lib.wasm_engine_new.restype = ctypes.c_void_p
    lib.wasm_engine_delete.argtypes = [ctypes.c_void_p]
    lib.wasmtime_component_new.restype = ctypes.c_void_p
    lib.wasmtime_component_new.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p)]
    lib.wasmtime_component_delete.argtypes = [ctypes.c_void_p]
    engine = lib.wasm_engine_new()
    component = ctypes.c_void_p()
    error = lib.wasmtime_component_new(engine, wasm, len(wasm), ctypes.byref(component))
    if error:
        return fail(lib, error, source)
    lib.wasmtime_component_delete(component)
    lib.wasm_engine_delete(engine)
    open(target, "wb").write(wasm)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
