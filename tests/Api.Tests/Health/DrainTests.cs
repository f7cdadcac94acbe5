using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Mik.Durable.Api.Tests.Support;

namespace Mik.Durable.Api.Tests.Health;

public sealed class DrainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Shutdown_answers_draining_and_lets_the_request_in_flight_finish()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var mik = await InProcessMik.StartAsync(map: app => app.MapGet("/test/slow", async () =>
        {
            entered.SetResult();
            await release.Task;
            return "finished";
        }));

        var slow = mik.Runtime.GetAsync("/test/slow", Ct);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var stopping = mik.App.StopAsync(Ct);

        JsonElement health = default;
        HttpStatusCode code = 0;
        // Until a deadline a loaded machine keeps, not a count of short sleeps: the stop may take its time to start.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (code != HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
        {
            using var response = await mik.Runtime.GetAsync("/health", Ct);
            code = response.StatusCode;
            health = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (code != HttpStatusCode.ServiceUnavailable) await Task.Delay(20, Ct);
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal("draining", health.GetProperty("status").GetString());
        Assert.Equal(1, health.GetProperty("in_flight").GetInt64());
        Assert.False(stopping.IsCompleted);

        release.SetResult();
        using var finished = await slow;
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        Assert.Equal("finished", await finished.Content.ReadAsStringAsync(Ct));
        await stopping.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task A_request_that_outlives_the_shutdown_timeout_does_not_hold_the_process()
    {
        await using var mik = await InProcessMik.StartAsync(
            c => c.Server.ShutdownTimeoutSecs = 1,
            app => app.MapGet("/test/stuck", () => Task.Delay(Timeout.Infinite, CancellationToken.None)));

        _ = mik.Runtime.GetAsync("/test/stuck", Ct);
        await Task.Delay(200, Ct);
        var started = DateTime.UtcNow;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await mik.App.StopAsync(cts.Token).ContinueWith(_ => { }, Ct);
        // The request never ends by itself, so any bound shows it did not hold the process; 30 s is one a loaded
        // 2-core machine keeps (the stop itself is given 3 s, as the host's shutdown timeout would).
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), $"stopping took {DateTime.UtcNow - started}");
    }
}
