using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;
using Mik.Durable.Runtime.Tests.Support;
using Xunit;

namespace Mik.Durable.Runtime.Tests.Sandbox;

/// <summary>
/// A guest cannot outlive its timeout, whether it spins in its own code or in host calls (fd_write, clock_time_get,
/// a sleep in poll_oneoff), on the managed WASI subset and on Wasmtime's WASI (a module with volumes); and the next
/// request to the same module is served (docs/reliability.md, Sandbox).
/// </summary>
public sealed class SandboxTimeoutTests(EngineFixture fixture) : IDisposable
{
    // Generous: the suite runs on two loaded cores; a guest that is not stopped runs for an hour.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly SandboxFolders _folders = new();

    public void Dispose() => _folders.Dispose();

    private WagiModuleSettings Settings(bool volumes) => new()
    {
        Timeout = TimeSpan.FromSeconds(1),
        Volumes = volumes ? [new GuestVolume("/data", _folders.Volume, Writable: false)] : [],
    };

    private WagiFailureKind? RunUntilStopped(WagiModule module, string query)
    {
        var run = Task.Run(() =>
        {
            using var result = EscapeGuest.Run(fixture.Engine, module, query);
            return result.Failure?.Kind;
        }, TestContext.Current.CancellationToken);
        Assert.True(run.Wait(Patience, TestContext.Current.CancellationToken),
            $"{query}: still running {Patience.TotalSeconds} s after its timeout");
        return run.Result;
    }

    [Theory]
    [InlineData("p=loop", false)]
    [InlineData("p=loop", true)]
    [InlineData("p=writeloop", false)]
    [InlineData("p=writeloop", true)]
    [InlineData("p=clockloop", false)]
    [InlineData("p=clockloop", true)]
    [InlineData("p=sleep&secs=3600", true)]
    public void A_guest_that_never_ends_is_stopped_with_handler_timeout_and_the_next_request_is_served(string query, bool volumes)
    {
        using var module = EscapeGuest.Load(fixture.Engine, Settings(volumes));

        Assert.Equal(WagiFailureKind.HandlerTimeout, RunUntilStopped(module, query));
        Assert.Equal("ok=ok", EscapeGuest.Probe(fixture.Engine, module, "p=ok"));
    }

    [Fact]
    public void A_guest_spinning_in_host_calls_with_volumes_is_a_timeout_wherever_the_deadline_finds_it()
    {
        // Most of a writeloop's time is in fd_write, so the deadline often finds it inside Wasmtime's WASI (called
        // through mik's trampoline), where the trap used to read as a plain trap (500 handler_trap).
        using var module = EscapeGuest.Load(fixture.Engine, Settings(volumes: true) with { Timeout = TimeSpan.FromMilliseconds(100) });

        for (var i = 0; i < 10; i++)
            Assert.Equal(WagiFailureKind.HandlerTimeout, RunUntilStopped(module, "p=writeloop"));
    }

    [Fact]
    public void A_sleep_that_ends_before_the_timeout_is_served_with_volumes()
    {
        using var module = EscapeGuest.Load(fixture.Engine, Settings(volumes: true) with { Timeout = TimeSpan.FromSeconds(30) });

        Assert.Equal("sleep=ok", EscapeGuest.Probe(fixture.Engine, module, "p=sleep&secs=1"));
    }

    [Fact]
    public void A_sleep_without_volumes_is_a_trap_at_once_the_managed_subset_has_no_poll_oneoff()
    {
        using var module = EscapeGuest.Load(fixture.Engine, Settings(volumes: false));

        Assert.Equal(WagiFailureKind.HandlerTrap, RunUntilStopped(module, "p=sleep&secs=3600"));
        Assert.Equal("ok=ok", EscapeGuest.Probe(fixture.Engine, module, "p=ok"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_guest_reading_stdin_gets_the_body_then_end_of_file_and_never_waits(bool volumes)
    {
        using var module = EscapeGuest.Load(fixture.Engine, Settings(volumes));

        Assert.Equal("stdin=ok bytes=0", EscapeGuest.Probe(fixture.Engine, module, "p=stdin"));
        using var result = EscapeGuest.Run(fixture.Engine, module, "p=stdin", "twelve bytes"u8.ToArray());
        Assert.Equal("stdin=ok bytes=12\n", System.Text.Encoding.UTF8.GetString(result.Response!.Body.Span));
    }
}
