using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wagi;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Wagi;

/// <summary>
/// Guest code can run before the entrypoint (a wasm start function) and during linking nothing of the guest runs;
/// the outcome says which it was, the way it does for the entrypoint.
/// </summary>
public sealed class WagiStartFunctionTests(EngineFixture fixture)
{
    private const string Wasi = "wasi_snapshot_preview1";

    private static string WithStart(string startBody, string imports = "") => $$"""
        (module
          {{imports}}
          (memory (export "memory") 1)
          (func $init {{startBody}})
          (start $init)
          (func (export "_start")))
        """;

    [Fact]
    public void A_start_function_that_traps_is_a_handler_trap_naming_the_function()
    {
        using var result = GuestHost.Run(fixture.Engine, WithStart("unreachable"));

        Assert.Equal(WagiFailureKind.HandlerTrap, result.Failure?.Kind);
        Assert.Contains("unreachable", result.Failure!.Message);
        Assert.Contains("init", result.Failure.Message);
    }

    [Fact]
    public void A_start_function_that_exits_non_zero_is_handler_exit_with_its_code()
    {
        using var result = GuestHost.Run(fixture.Engine,
            WithStart("(call $exit (i32.const 7))", $"(import \"{Wasi}\" \"proc_exit\" (func $exit (param i32)))"));

        Assert.Equal(WagiFailureKind.HandlerExit, result.Failure?.Kind);
        Assert.Contains("code 7", result.Failure!.Message);
    }

    [Fact]
    public void A_start_function_that_runs_past_the_timeout_is_a_handler_timeout()
    {
        using var result = GuestHost.Run(fixture.Engine, WithStart("(loop (br 0))"),
            settings: new WagiModuleSettings { Timeout = TimeSpan.FromMilliseconds(50) });

        Assert.Equal(WagiFailureKind.HandlerTimeout, result.Failure?.Kind);
    }

    [Fact]
    public void A_wasi_import_with_the_wrong_signature_is_reported_at_load_and_fails_every_request()
    {
        using var module = GuestHost.Load(fixture.Engine,
            WithStart("", $"(import \"{Wasi}\" \"fd_write\" (func (param i32)))"));

        using var first = new WagiExecutor(fixture.Engine).Execute(module, GuestHost.Get("/run/test"));
        using var second = new WagiExecutor(fixture.Engine).Execute(module, GuestHost.Get("/run/test"));

        Assert.Contains("fd_write", module.Problem);
        Assert.Equal(WagiFailureKind.InstantiateFailed, first.Failure?.Kind);
        Assert.Equal(WagiFailureKind.InstantiateFailed, second.Failure?.Kind);
        Assert.StartsWith("Failed to instantiate", first.Failure!.Message);
    }
}
