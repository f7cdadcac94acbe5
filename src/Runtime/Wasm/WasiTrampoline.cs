using Wasmtime;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// How a shadowing host function calls Wasmtime's own WASI function. Wasmtime's WASI finds the guest's memory through
/// its caller's <c>memory</c> export, so it cannot be called from the host directly ("missing required memory export");
/// it is called through this small module, instantiated in the run's Store with the guest's memory as its own.
/// </summary>
internal static class WasiTrampoline
{
    public const string Wat = """
        (module
          (import "mik" "memory" (memory 0))
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_pwrite" (func $fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_renumber" (func $fd_renumber (param i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
          (export "memory" (memory 0))
          (func (export "fd_write") (param i32 i32 i32 i32) (result i32)
            (call $fd_write (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
          (func (export "fd_pwrite") (param i32 i32 i32 i64 i32) (result i32)
            (call $fd_pwrite (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)))
          (func (export "fd_renumber") (param i32 i32) (result i32)
            (call $fd_renumber (local.get 0) (local.get 1)))
          (func (export "poll_oneoff") (param i32 i32 i32 i32) (result i32)
            (call $poll_oneoff (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
          (func (export "clock_time_get") (param i32 i64 i32) (result i32)
            (call $clock_time_get (local.get 0) (local.get 1) (local.get 2))))
        """;

    /// <summary>The WASI functions the module imports after its memory, in order.</summary>
    public static readonly string[] Functions = ["fd_write", "fd_pwrite", "fd_renumber", "poll_oneoff", "clock_time_get"];

    /// <summary>Instantiates the trampoline in <paramref name="store"/> over the guest's <paramref name="memory"/>.</summary>
    public static Instance Instantiate(Store store, Module trampoline, Linker wasmtime, Memory memory)
    {
        var imports = new object[1 + Functions.Length];
        imports[0] = memory;
        for (var i = 0; i < Functions.Length; i++)
            imports[i + 1] = wasmtime.GetFunction(store, WasiClockWait.Wasi, Functions[i])
                ?? throw new InvalidOperationException($"Wasmtime's WASI has no {Functions[i]}");
        return new Instance(store, trampoline, imports);
    }
}
