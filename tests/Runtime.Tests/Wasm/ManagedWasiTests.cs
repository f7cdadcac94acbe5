using System.Buffers.Binary;
using Mik.Durable.Runtime.Wasm;
using Mik.Durable.Runtime.Tests.Support;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wasm;

/// <summary>The managed WASI subset answers the way wasi-libc and Rust std expect from a host with no files.</summary>
public sealed class ManagedWasiTests
{
    private const string Wasi = "wasi_snapshot_preview1";

    // Errnos of 13 calls at 512.., the realtime clock at 528, 32 random bytes at 536; all written after the header.
    private const string Probe = $$"""
        (module
          (import "{{Wasi}}" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
          (import "{{Wasi}}" "fd_seek" (func $seek (param i32 i64 i32 i32) (result i32)))
          (import "{{Wasi}}" "fd_fdstat_get" (func $fdstat (param i32 i32) (result i32)))
          (import "{{Wasi}}" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
          (import "{{Wasi}}" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
          (import "{{Wasi}}" "fd_close" (func $close (param i32) (result i32)))
          (import "{{Wasi}}" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
          (import "{{Wasi}}" "clock_res_get" (func $res (param i32 i32) (result i32)))
          (import "{{Wasi}}" "random_get" (func $random (param i32 i32) (result i32)))
          (import "{{Wasi}}" "sched_yield" (func $yield (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 256) "Content-Type: application/octet-stream\n\n")
          (func $at (param $i i32) (param $v i32) (i32.store8 (i32.add (i32.const 512) (local.get $i)) (local.get $v)))
          (func (export "_start")
            (call $at (i32.const 0) (call $prestat (i32.const 3) (i32.const 100)))
            (call $at (i32.const 1) (call $seek (i32.const 1) (i64.const 0) (i32.const 0) (i32.const 100)))
            (call $at (i32.const 2) (call $fdstat (i32.const 1) (i32.const 100)))
            (call $at (i32.const 3) (i32.load8_u (i32.const 100)))
            (call $at (i32.const 4) (call $write (i32.const 5) (i32.const 0) (i32.const 0) (i32.const 100)))
            (call $at (i32.const 5) (call $read (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 100)))
            (call $at (i32.const 6) (call $clock (i32.const 9) (i64.const 0) (i32.const 100)))
            (call $at (i32.const 7) (call $yield))
            (call $at (i32.const 8) (call $write (i32.const 1) (i32.const 65530) (i32.const 1) (i32.const 100)))
            (call $at (i32.const 9) (call $res (i32.const 1) (i32.const 100)))
            (call $at (i32.const 10) (call $close (i32.const 7)))
            (call $at (i32.const 11) (call $clock (i32.const 0) (i64.const 1) (i32.const 528)))
            (call $at (i32.const 12) (call $random (i32.const 536) (i32.const 32)))
            (i32.store (i32.const 0) (i32.const 256))
            (i32.store (i32.const 4) (i32.const 40))
            (i32.store (i32.const 8) (i32.const 512))
            (i32.store (i32.const 12) (i32.const 56))
            (drop (call $write (i32.const 1) (i32.const 0) (i32.const 2) (i32.const 100)))))
        """;

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void Stdio_only_no_preopens_no_seeking_bad_pointers_are_efault_and_time_comes_from_the_time_provider()
    {
        var now = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        using var engine = new WasmEngine(new WasmEngineOptions { MaxInstances = 2, MaxMemoryBytes = 1024 * 1024 }, new FixedClock(now));

        using var result = GuestHost.Run(engine, Probe);

        Assert.True(result.Succeeded, result.Failure?.Message);
        var body = result.Response!.Body.Span;
        byte[] errnos = [8, 70, 0, 0, 8, 8, 28, 0, 21, 0, 8, 0, 0];
        Assert.Equal(errnos, body[..13].ToArray());
        Assert.Equal((ulong)(now - DateTimeOffset.UnixEpoch).Ticks * 100, BinaryPrimitives.ReadUInt64LittleEndian(body[16..]));
        Assert.Contains(body[24..56].ToArray(), b => b != 0);
    }
}
