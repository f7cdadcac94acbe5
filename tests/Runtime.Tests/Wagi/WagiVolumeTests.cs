using System.Text;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wagi;

/// <summary>Modules with volumes run on Wasmtime's WASI with the folder preopened as fd 3.</summary>
public sealed class GuestVolumeTests(EngineFixture fixture) : IDisposable
{
    private const string Wasi = "wasi_snapshot_preview1";
    private readonly string _folder = Directory.CreateTempSubdirectory("mik-volume-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Imports = $$"""
          (import "{{Wasi}}" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
          (import "{{Wasi}}" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
          (import "{{Wasi}}" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 2)
          (data (i32.const 64) "hello.txt")
          (data (i32.const 128) "Content-Type: text/plain\n\n")
          (data (i32.const 192) "Status: 404\n\n")
          (data (i32.const 224) "Status: 403\n\n")
          (data (i32.const 256) "Status: 201\n\n")
          (data (i32.const 288) "written by the guest")
          (func $write (param $fd i32) (param $ptr i32) (param $len i32)
            (i32.store (i32.const 0) (local.get $ptr))
            (i32.store (i32.const 4) (local.get $len))
            (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
        """;

    /// <summary>Opens hello.txt in the first preopen for reading and answers with its content (404 if it cannot).</summary>
    private const string ReadGuest = $$"""
        (module {{Imports}}
          (func (export "_start")
            (if (i32.ne (call $path_open (i32.const 3) (i32.const 0) (i32.const 64) (i32.const 9) (i32.const 0)
                          (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 16)) (i32.const 0))
              (then (call $write (i32.const 1) (i32.const 192) (i32.const 13)) (return)))
            (call $write (i32.const 1) (i32.const 128) (i32.const 26))
            (i32.store (i32.const 0) (i32.const 1024))
            (i32.store (i32.const 4) (i32.const 4096))
            (drop (call $fd_read (i32.load (i32.const 16)) (i32.const 0) (i32.const 1) (i32.const 8)))
            (call $write (i32.const 1) (i32.const 1024) (i32.load (i32.const 8)))))
        """;

    /// <summary>Creates hello.txt in the first preopen and writes to it: 201, or 403 when the open is refused.</summary>
    private const string WriteGuest = $$"""
        (module {{Imports}}
          (func (export "_start")
            (if (i32.ne (call $path_open (i32.const 3) (i32.const 0) (i32.const 64) (i32.const 9) (i32.const 9)
                          (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 16)) (i32.const 0))
              (then (call $write (i32.const 1) (i32.const 224) (i32.const 13)) (return)))
            (call $write (i32.load (i32.const 16)) (i32.const 288) (i32.const 20))
            (call $write (i32.const 1) (i32.const 256) (i32.const 13))))
        """;

    private WagiModuleSettings Volume(bool writable) => new() { Volumes = [new GuestVolume("/data", _folder, writable)] };

    [Fact]
    public void A_guest_reads_a_file_from_its_volume()
    {
        File.WriteAllText(Path.Combine(_folder, "hello.txt"), "content from the host\n");

        using var result = GuestHost.Run(fixture.Engine, ReadGuest, settings: Volume(writable: false));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(200, result.Response!.Status);
        Assert.Equal("content from the host\n", Encoding.UTF8.GetString(result.Response.Body.Span));
    }

    [Fact]
    public void A_read_only_volume_refuses_writes_and_the_host_folder_is_unchanged()
    {
        using var result = GuestHost.Run(fixture.Engine, WriteGuest, settings: Volume(writable: false));

        Assert.Equal(403, result.Response!.Status);
        Assert.False(File.Exists(Path.Combine(_folder, "hello.txt")));
    }

    [Fact]
    public void A_writable_volume_accepts_writes()
    {
        using var result = GuestHost.Run(fixture.Engine, WriteGuest, settings: Volume(writable: true));

        Assert.Equal(201, result.Response!.Status);
        Assert.Equal("written by the guest", File.ReadAllText(Path.Combine(_folder, "hello.txt")));
    }

    [Fact]
    public void Exit_codes_and_traps_map_the_same_as_without_volumes()
    {
        using var exit0 = GuestHost.Run(fixture.Engine, Wat.Respond("Content-Type: text/plain\n\nok", exitCode: 0), settings: Volume(false));
        using var exit3 = GuestHost.Run(fixture.Engine, Wat.Respond("Content-Type: text/plain\n\nok", exitCode: 3), settings: Volume(false));
        using var trap = GuestHost.Run(fixture.Engine, Wat.Trap, settings: Volume(false));

        Assert.True(exit0.Succeeded, exit0.Failure?.Message);
        Assert.Equal(WagiFailureKind.HandlerExit, exit3.Failure?.Kind);
        Assert.Equal(WagiFailureKind.HandlerTrap, trap.Failure?.Kind);
    }

    [Fact]
    public void Stdout_past_the_cap_is_output_too_large_with_volumes_too()
    {
        using var engine = new WasmEngine(new WasmEngineOptions { MaxInstances = 2, MaxMemoryBytes = 1024 * 1024, MaxStdoutBytes = 1024 });
        var settings = Volume(false) with { MaxMemoryBytes = 1024 * 1024 };

        using var result = GuestHost.Run(engine, Wat.Respond("Content-Type: text/plain\n\n" + new string('x', 2000)), settings: settings);

        Assert.Equal(WagiFailureKind.OutputTooLarge, result.Failure?.Kind);
    }

    [Fact]
    public void Without_volumes_the_guest_sees_no_files_at_all()
    {
        File.WriteAllText(Path.Combine(_folder, "hello.txt"), "secret");

        using var result = GuestHost.Run(fixture.Engine, ReadGuest);

        // Managed WASI: path_open is not linked, so calling it traps instead of reaching any file.
        Assert.Equal(WagiFailureKind.HandlerTrap, result.Failure?.Kind);
    }

    [Fact]
    public void A_volume_whose_host_folder_is_missing_fails_the_request_with_instantiate_failed()
    {
        var settings = new WagiModuleSettings { Volumes = [new GuestVolume("/data", Path.Combine(_folder, "absent"), false)] };

        using var result = GuestHost.Run(fixture.Engine, ReadGuest, settings: settings);

        Assert.Equal(WagiFailureKind.InstantiateFailed, result.Failure?.Kind);
        Assert.Contains("absent", result.Failure!.Message);
    }
}
