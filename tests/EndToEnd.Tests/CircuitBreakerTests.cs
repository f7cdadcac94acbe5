using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>Per-module circuit breakers over the binary (docs/runtime.md, the runbook's "circuit-open").</summary>
public sealed class CircuitBreakerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Five_failures_open_the_circuit_then_a_probe_after_the_recovery_time_closes_it()
    {
        // The sixth request must come within the recovery time of the fifth failure, on a loaded machine too.
        using var sandbox = new MikSandbox("[breaker]\nrecovery_timeout_secs = 3");
        sandbox.AddModule("trap", "flaky");
        sandbox.AddModule("hello");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        for (var i = 0; i < 5; i++)
        {
            using var failing = await mik.Runtime.GetAsync("/run/flaky/", Ct);
            Assert.Equal(HttpStatusCode.InternalServerError, failing.StatusCode);
        }
        using (var sixth = await mik.Runtime.GetAsync("/run/flaky/", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, sixth.StatusCode);
            Assert.Contains("\"circuit-open\"", await sixth.Content.ReadAsStringAsync(Ct));
            Assert.InRange(sixth.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 3);
        }
        Assert.Equal("Hello from mik\n", await mik.Runtime.GetStringAsync("/run/hello", Ct));
        var metrics = await mik.Runtime.GetStringAsync("/metrics", Ct);
        Assert.Contains("mik_circuit_breaker_state{module=\"flaky\"} 1", metrics);
        var logs = await LogLines.WaitAsync(mik, l => l.Any(line => line.Is("message", "circuit_opened")), "circuit_opened");
        Assert.Equal(5, logs.Count(l => l.Is("message", "handler_failed") && l.Is("module", "flaky")));
        var opened = Assert.Single(logs, l => l.Is("message", "circuit_opened"));
        Assert.Equal("audit", opened.GetProperty("target").GetString());
        Assert.Equal("flaky", opened.GetProperty("module").GetString());

        // The module is fixed; after the recovery time the runbook's manual request probes it and closes the circuit.
        sandbox.AddModule("hello", "flaky");
        await Task.Delay(3500, Ct);
        using (var probe = await mik.Runtime.GetAsync("/run/flaky/health", Ct))
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Contains("mik_circuit_breaker_state{module=\"flaky\"} 0", await mik.Runtime.GetStringAsync("/metrics", Ct));
        logs = await LogLines.WaitAsync(mik, l => l.Any(line => line.Is("message", "circuit_closed")), "circuit_closed");
        Assert.Contains(logs, l => l.Is("message", "circuit_half_opened") && l.Is("target", "audit"));
        Assert.Contains(logs, l => l.Is("message", "circuit_closed") && l.Is("target", "audit"));
    }

    [Fact]
    public async Task A_failing_probe_opens_the_circuit_again()
    {
        // The requests before and after the probe must come within the recovery time of the failure before them;
        // 3 s leaves room for a machine loaded by parallel test runs (1 s was once not enough).
        using var sandbox = new MikSandbox("[breaker]\nfailure_threshold = 2\nrecovery_timeout_secs = 3");
        sandbox.AddModule("trap");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        for (var i = 0; i < 2; i++) (await mik.Runtime.GetAsync("/run/trap", Ct)).Dispose();
        using (var open = await mik.Runtime.GetAsync("/run/trap", Ct)) Assert.Equal(HttpStatusCode.ServiceUnavailable, open.StatusCode);
        await Task.Delay(3200, Ct);
        using (var probe = await mik.Runtime.GetAsync("/run/trap", Ct)) Assert.Equal(HttpStatusCode.InternalServerError, probe.StatusCode);
        using (var again = await mik.Runtime.GetAsync("/run/trap", Ct)) Assert.Equal(HttpStatusCode.ServiceUnavailable, again.StatusCode);
    }
}
