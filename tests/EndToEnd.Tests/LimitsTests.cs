using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>Concurrency limits: shed with 503/429 and Retry-After, keep serving what was admitted.</summary>
public sealed class LimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Beyond_max_concurrent_requests_excess_requests_are_shed_with_503_overloaded()
    {
        using var sandbox = new MikSandbox(serverToml: "max_concurrent_requests = 2");
        sandbox.AddModule("slow");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        // The two admitted runs last 5 s, longer than the queue's 500 ms wait, so however the 24 requests are
        // spread over that time exactly the first two run and every other one is shed.
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => mik.Runtime.GetAsync("/run/slow?ms=5000", Ct)));
        try
        {
            var ok = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
            var shed = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
            Assert.Equal(24, ok + shed.Count);
            Assert.Equal(2, ok);
            Assert.NotEmpty(shed);
            foreach (var response in shed)
            {
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
                Assert.Contains("\"overloaded\"", await response.Content.ReadAsStringAsync(Ct));
            }
        }
        finally
        {
            foreach (var response in responses) response.Dispose();
        }
        using var health = await mik.Runtime.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_module_at_its_own_limit_answers_429_module_busy()
    {
        using var sandbox = new MikSandbox(serverToml: "max_per_module_requests = 1");
        sandbox.AddModule("slow");
        sandbox.AddModule("hello");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        var first = mik.Runtime.GetAsync("/run/slow?ms=5000", Ct);
        await WaitInFlightAsync(mik, 1);
        var second = mik.Runtime.GetAsync("/run/slow?ms=5000", Ct);
        // /health counts a request before it reaches the module's gate, so on a busy machine the second request may
        // get there first. Whichever arrives second is refused at once while the other runs for 5 s (long enough for
        // the second to arrive on a loaded machine).
        var refusedFirst = await Task.WhenAny(first, second);
        using (var other = await mik.Runtime.GetAsync("/run/hello", Ct)) Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        using var a = await first;
        using var b = await second;
        var refused = ReferenceEquals(refusedFirst, first) ? a : b;
        var served = ReferenceEquals(refused, a) ? b : a;
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("\"module_busy\"", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Under_overload_excess_requests_are_shed_quickly_and_admitted_ones_succeed()
    {
        using var sandbox = new MikSandbox(serverToml: "max_concurrent_requests = 4");
        sandbox.AddModule("slow");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => mik.Runtime.GetAsync("/run/slow?ms=5000", Ct)));
        try
        {
            Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            var shed = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
            Assert.Equal(60, shed.Count);
            foreach (var response in shed) Assert.Contains("\"overloaded\"", await response.Content.ReadAsStringAsync(Ct));
        }
        finally
        {
            foreach (var response in responses) response.Dispose();
        }
        // Shed quickly, as the server measured it (request_completed's duration_ms), not the test's clock: 64 clients
        // starting on a loaded 2-core machine spread their sends over seconds. Each shed request waited at most the
        // queue's 500 ms, so it ended well before any admitted run's 5 s.
        static bool Slow(System.Text.Json.JsonElement l) => l.Is("message", "request_completed") && l.Is("path", "/run/slow");
        var logs = await LogLines.WaitAsync(mik, l => l.Count(Slow) == 64, "request_completed of all 64 requests");
        double Duration(System.Text.Json.JsonElement l) => l.GetProperty("duration_ms").GetDouble();
        var runs = logs.Where(Slow).Where(l => l.GetProperty("status").GetInt32() == 200).Select(Duration).ToList();
        var sheds = logs.Where(Slow).Where(l => l.GetProperty("status").GetInt32() == 503).Select(Duration).ToList();
        Assert.All(runs, ms => Assert.True(ms >= 5000, $"a run took {ms} ms"));
        Assert.All(sheds, ms => Assert.True(ms < runs.Min(), $"shed after {ms} ms, a run took {runs.Min()} ms"));
        using var health = await mik.Runtime.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("mik_requests_rejected_total{reason=\"overloaded\"} 60", await mik.Runtime.GetStringAsync("/metrics", Ct));
    }

    private static async Task WaitInFlightAsync(MikProcess mik, int count)
    {
        for (var waited = 0; ; waited += 20)
        {
            using var health = System.Text.Json.JsonDocument.Parse(await mik.Runtime.GetStringAsync("/health", Ct));
            if (health.RootElement.GetProperty("in_flight").GetInt32() >= count) return;
            Assert.True(waited < 30_000, "the first request never started");
            await Task.Delay(20, Ct);
        }
    }
}
