using System.Diagnostics;
using Mik.Durable.Runtime.Wasm;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wagi;

/// <summary>Every way a handler can fail ends as a result with the design's error code, never as a crash.</summary>
public sealed class WagiFailureTests(EngineFixture fixture)
{
    private const long MiB = 1024 * 1024;

    private static WagiFailure AssertFailed(WagiResult result, WagiFailureKind kind)
    {
        Assert.Null(result.Response);
        Assert.NotNull(result.Failure);
        Assert.True(result.Failure.Kind == kind, $"expected {kind}, got {result.Failure.Kind}: {result.Failure.Message}");
        return result.Failure;
    }

    [Fact]
    public void An_infinite_loop_is_stopped_with_handler_timeout_once_the_timeout_has_passed()
    {
        var timeout = TimeSpan.FromMilliseconds(500);
        var clock = Stopwatch.StartNew();

        using var result = GuestHost.Run(fixture.Engine, Wat.InfiniteLoop, settings: new WagiModuleSettings { Timeout = timeout });

        clock.Stop();
        var failure = AssertFailed(result, WagiFailureKind.HandlerTimeout);
        Assert.Equal("handler_timeout", failure.Code);
        Assert.Equal(504, failure.HttpStatus);
        // Never before the deadline (the ticker counts the partly gone tick). How soon after it is a benchmark figure
        // (bench/timeout.sh): test assemblies run side by side on two cores, and the ticker thread waits its turn.
        Assert.True(clock.Elapsed >= timeout, $"stopped after {clock.Elapsed.TotalMilliseconds} ms, before its timeout");
        Assert.True(clock.Elapsed < timeout + TimeSpan.FromSeconds(20), $"took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void A_guest_that_fails_after_memory_grow_is_refused_at_the_cap_fails_with_memory_limit()
    {
        using var result = GuestHost.Run(fixture.Engine, Wat.GrowUntilRefused, settings: new WagiModuleSettings { MaxMemoryBytes = 2 * MiB });

        var failure = AssertFailed(result, WagiFailureKind.MemoryLimit);
        Assert.Equal("memory_limit", failure.Code);
        Assert.Equal(500, failure.HttpStatus);
        Assert.Contains("2 MiB", failure.Message);
    }

    [Fact]
    public void A_guest_that_hits_the_cap_and_then_prints_garbage_fails_with_memory_limit()
    {
        using var result = GuestHost.Run(fixture.Engine, Wat.GrowThenRespond("out of memory, sorry"),
            settings: new WagiModuleSettings { MaxMemoryBytes = 2 * MiB });

        AssertFailed(result, WagiFailureKind.MemoryLimit);
    }

    [Fact]
    public void A_guest_that_hits_the_cap_and_answers_properly_is_served_its_own_answer()
    {
        using var result = GuestHost.Run(fixture.Engine, Wat.GrowThenRespond("Status: 507\n\n"),
            settings: new WagiModuleSettings { MaxMemoryBytes = 2 * MiB });

        Assert.Equal(507, result.Response!.Status);
        Assert.Equal(2 * MiB, result.GuestMemoryBytes);
    }

    [Fact]
    public void When_the_engine_pool_is_smaller_than_the_module_cap_the_pool_size_is_the_cap()
    {
        using var engine = new WasmEngine(new WasmEngineOptions { MaxInstances = 2, MaxMemoryBytes = 2 * MiB });

        using var result = GuestHost.Run(engine, Wat.GrowUntilRefused, settings: new WagiModuleSettings { MaxMemoryBytes = 128 * MiB });

        Assert.Contains("2 MiB", AssertFailed(result, WagiFailureKind.MemoryLimit).Message);
    }

    [Fact]
    public void A_trap_far_below_the_memory_cap_stays_a_handler_trap()
    {
        using var result = GuestHost.Run(fixture.Engine, Wat.Trap, settings: new WagiModuleSettings { MaxMemoryBytes = 2 * MiB });

        AssertFailed(result, WagiFailureKind.HandlerTrap);
    }

    [Fact]
    public void Calling_an_import_nobody_provides_is_a_handler_trap_naming_it_and_the_engine_keeps_serving()
    {
        using var custom = GuestHost.Run(fixture.Engine, Wat.Bare("(call $missing)", "(import \"env\" \"missing\" (func $missing))"));
        using var wasi = GuestHost.Run(fixture.Engine, Wat.Bare(
            "(drop (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0) (i32.const 0)))",
            "(import \"wasi_snapshot_preview1\" \"path_open\" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))"));
        using var next = GuestHost.Run(fixture.Engine, Wat.Respond("Content-Type: text/plain\n\nstill here"));

        Assert.Contains("env::missing", AssertFailed(custom, WagiFailureKind.HandlerTrap).Message);
        Assert.Contains("path_open", AssertFailed(wasi, WagiFailureKind.HandlerTrap).Message);
        Assert.True(next.Succeeded);
    }

    [Fact]
    public void An_unknown_import_that_is_never_called_does_not_stop_the_handler()
    {
        using var result = GuestHost.Run(fixture.Engine, """
            (module
              (import "env" "never_called" (func $never))
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "Status: 204\n\n")
              (func (export "_start")
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 13))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
            """);

        Assert.Equal(204, result.Response!.Status);
    }

    [Fact]
    public void A_missing_entrypoint_is_instantiate_failed_and_known_at_load()
    {
        var settings = new WagiModuleSettings { Entrypoint = "handle" };
        using var module = GuestHost.Load(fixture.Engine, Wat.Respond("Content-Type: text/plain\n\nx"), settings);

        using var result = new WagiExecutor(fixture.Engine).Execute(module, GuestHost.Get("/run/test"));

        Assert.Contains("handle", module.Problem);
        var failure = AssertFailed(result, WagiFailureKind.InstantiateFailed);
        Assert.Equal("instantiate_failed", failure.Code);
        Assert.StartsWith("Failed to instantiate", failure.Message);
    }

    [Fact]
    public void A_configured_entrypoint_other_than_start_is_the_one_called()
    {
        var wat = Wat.Respond("Content-Type: text/plain\n\nfrom start").Replace("(export \"_start\")", "(export \"handle\")");

        using var result = GuestHost.Run(fixture.Engine, wat, settings: new WagiModuleSettings { Entrypoint = "handle" });

        Assert.True(result.Succeeded, result.Failure?.Message);
    }

    [Fact]
    public void Imports_that_cannot_be_linked_are_instantiate_failed()
    {
        using var wrongSignature = GuestHost.Run(fixture.Engine, Wat.Bare("", "(import \"wasi_snapshot_preview1\" \"fd_write\" (func (param i32)))"));
        using var importedMemory = GuestHost.Run(fixture.Engine, "(module (import \"env\" \"memory\" (memory 1)) (func (export \"_start\")))");

        Assert.Contains("fd_write", AssertFailed(wrongSignature, WagiFailureKind.InstantiateFailed).Message);
        Assert.Contains("env::memory", AssertFailed(importedMemory, WagiFailureKind.InstantiateFailed).Message);
    }

    [Fact]
    public void A_module_whose_initial_memory_exceeds_its_cap_is_instantiate_failed()
    {
        using var result = GuestHost.Run(fixture.Engine, "(module (memory (export \"memory\") 40) (func (export \"_start\")))",
            settings: new WagiModuleSettings { MaxMemoryBytes = 1 * MiB });

        Assert.Contains("memory", AssertFailed(result, WagiFailureKind.InstantiateFailed).Message);
    }

    [Fact]
    public void Stdout_past_the_cap_stops_the_guest_with_output_too_large()
    {
        using var engine = new WasmEngine(new WasmEngineOptions { MaxInstances = 2, MaxMemoryBytes = MiB, MaxStdoutBytes = 64 * 1024 });

        using var result = GuestHost.Run(engine, Wat.EndlessOutput, settings: new WagiModuleSettings { MaxMemoryBytes = MiB });

        var failure = AssertFailed(result, WagiFailureKind.OutputTooLarge);
        Assert.Equal("output_too_large", failure.Code);
        Assert.Contains("65536", failure.Message);
    }

    [Fact]
    public void More_runs_than_pool_slots_all_work_because_every_store_is_released_on_success_and_failure()
    {
        using var ok = GuestHost.Load(fixture.Engine, Wat.Respond("Content-Type: text/plain\n\nok"));
        using var trap = GuestHost.Load(fixture.Engine, Wat.Trap);
        var executor = new WagiExecutor(fixture.Engine);

        for (var i = 0; i < fixture.Engine.Options.MaxInstances * 2; i++)
        {
            using var served = executor.Execute(ok, GuestHost.Get("/run/test"));
            using var trapped = executor.Execute(trap, GuestHost.Get("/run/test"));
            Assert.True(served.Succeeded, served.Failure?.Message);
            AssertFailed(trapped, WagiFailureKind.HandlerTrap);
        }
    }
}
