using Mik.Durable.Runtime.Admission;

namespace Mik.Durable.Runtime.Tests.Admission;

public sealed class RequestGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task When_every_slot_is_busy_and_the_queue_is_full_a_request_is_shed_at_once()
    {
        var gate = new RequestGate(new RequestLimitsOptions { MaxConcurrent = 2, QueueLength = 1, QueueTimeout = TimeSpan.FromSeconds(30) });
        Assert.Equal(GateResult.Admitted, await gate.EnterAsync("a", null, Ct));
        Assert.Equal(GateResult.Admitted, await gate.EnterAsync("b", null, Ct));

        var waiting = gate.EnterAsync("c", null, Ct).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, gate.Queued);
        Assert.Equal(GateResult.Overloaded, await gate.EnterAsync("d", null, Ct));

        gate.Release("a", null);
        Assert.Equal(GateResult.Admitted, await waiting);
        Assert.Equal(2, gate.InUse);
    }

    [Fact]
    public async Task A_queued_request_that_waits_too_long_is_shed()
    {
        var gate = new RequestGate(new RequestLimitsOptions { MaxConcurrent = 1, QueueLength = 5, QueueTimeout = TimeSpan.FromMilliseconds(50) });
        await gate.EnterAsync("a", null, Ct);
        Assert.Equal(GateResult.Overloaded, await gate.EnterAsync("b", null, Ct));
        Assert.Equal(0, gate.Queued);
    }

    [Fact]
    public async Task A_module_over_its_own_limit_is_busy_while_other_modules_still_run()
    {
        var gate = new RequestGate(new RequestLimitsOptions { MaxConcurrent = 10, MaxPerModule = 1 });
        Assert.Equal(GateResult.Admitted, await gate.EnterAsync("slow", null, Ct));
        Assert.Equal(GateResult.ModuleBusy, await gate.EnterAsync("slow", null, Ct));
        Assert.Equal(GateResult.Admitted, await gate.EnterAsync("other", null, Ct));

        gate.Release("slow", null);
        Assert.Equal(GateResult.Admitted, await gate.EnterAsync("slow", null, Ct));
    }

    [Fact]
    public async Task A_module_setting_overrides_the_server_wide_per_module_limit()
    {
        var gate = new RequestGate(new RequestLimitsOptions { MaxConcurrent = 10, MaxPerModule = 0 });
        Assert.Equal(GateResult.Admitted, await gate.EnterAsync("m", 2, Ct));
        Assert.Equal(GateResult.Admitted, await gate.EnterAsync("m", 2, Ct));
        Assert.Equal(GateResult.ModuleBusy, await gate.EnterAsync("m", 2, Ct));
        Assert.Equal(GateResult.Admitted, await gate.EnterAsync("unlimited", null, Ct));
    }

    [Fact]
    public async Task A_shed_or_cancelled_request_gives_back_its_module_slot()
    {
        var gate = new RequestGate(new RequestLimitsOptions { MaxConcurrent = 1, QueueLength = 1, QueueTimeout = TimeSpan.FromSeconds(30), MaxPerModule = 1 });
        await gate.EnterAsync("a", null, Ct);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync("b", null, cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        gate.Release("a", null);
        Assert.Equal(GateResult.Admitted, await gate.EnterAsync("b", null, Ct));
    }
}
