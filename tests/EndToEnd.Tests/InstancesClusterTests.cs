using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>Several <c>mik serve</c> processes on one database and schema: one cluster, one audit trail, one instance list.</summary>
public sealed class InstancesClusterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string FastCluster = "[cluster]\nheartbeat_secs = 1\nlost_after_secs = 3";

    [Fact]
    public async Task Two_instances_on_one_database_see_each_other_then_one_stopped_and_one_lost()
    {
        var schema = MikSandbox.NewSchema();
        using var sandboxA = new MikSandbox(FastCluster, schema: schema);
        using var sandboxB = new MikSandbox(FastCluster, schema: schema);
        using var sandboxC = new MikSandbox(FastCluster, schema: schema);
        await using var a = MikProcess.Start(sandboxA);
        await a.WaitReadyAsync();
        await using var b = MikProcess.Start(sandboxB);
        await b.WaitReadyAsync();
        var (idA, idB) = (await InstancesApi.IdAsync(a), await InstancesApi.IdAsync(b));
        Assert.NotEqual(idA, idB);

        // Either instance lists both, and exactly one of them runs the projections (HotCold).
        foreach (var mik in new[] { a, b })
        {
            var list = await InstancesApi.WaitForAsync(mik, l => l.IsRunning(idA) && l.IsRunning(idB) && l.ProjectionRunners().Count == 1,
                "both instances running, one of them running the projections");
            Assert.Equal(2, list.Count);
        }
        Assert.Single((await InstancesApi.ListAsync(a)).ProjectionRunners());
        Assert.Single(new[] { a, b }, p => LogLines.Parse(p.StdoutLines).Any(l => l.Is("message", "instance_projections")
            && l.GetProperty("running").GetBoolean()));

        // One audit trail: both starts are rows of the same mt_events table, each projected once.
        Assert.Equal(["instance:" + idA, "instance:" + idB],
            await InstancesApi.QueryAsync($"select stream_id from {schema}.mt_events where type = 'instance_started' order by seq_id"));
        Assert.Equal(["2"], await InstancesApi.QueryAsync($"select count(*) from {schema}.mt_doc_instanceview"));

        b.Signal(MikProcess.Sigterm);
        Assert.Equal(0, await b.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var afterStop = await InstancesApi.WaitForAsync(a, l => l.StatusOf(idB) == "stopped", "B stopped");
        Assert.Equal("sigterm", afterStop.Find(idB)!.Value.GetProperty("stop_reason").GetString());
        Assert.True(afterStop.IsRunning(idA));

        a.Signal(MikProcess.Sigkill);
        await a.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await using var c = MikProcess.Start(sandboxC);
        await c.WaitReadyAsync();
        var idC = await InstancesApi.IdAsync(c);
        var final = await InstancesApi.WaitForAsync(c,
            l => l.StatusOf(idA) == "lost" && l.StatusOf(idB) == "stopped" && l.IsRunning(idC) && l.ProjectionRunners().SequenceEqual([idC]),
            "A lost, B stopped, C running and running the projections");
        Assert.Equal(JsonValueKind.Null, final.Find(idA)!.Value.GetProperty("stopped_at").ValueKind);

        // The killed instance never said it stopped; the stopped one said so once. Each instance is one view.
        Assert.Equal(["instance:" + idB],
            await InstancesApi.QueryAsync($"select stream_id from {schema}.mt_events where type = 'instance_stopped'"));
        Assert.Equal(["3"], await InstancesApi.QueryAsync($"select count(*) from {schema}.mt_doc_instanceview"));
    }

    [Fact]
    public async Task A_second_mik_on_the_same_state_dir_is_refused_and_a_restart_is_the_same_instance()
    {
        using var sandbox = new MikSandbox();
        var schema = File.ReadAllLines(sandbox.ConfigPath).Single(l => l.StartsWith("schema", StringComparison.Ordinal)).Split('"')[1];
        await using var first = MikProcess.Start(sandbox);
        await first.WaitReadyAsync();
        var id = await InstancesApi.IdAsync(first);

        await using (var second = MikProcess.Start(sandbox))
        {
            Assert.Equal(1, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains($"state dir {sandbox.StateDirectory} is in use by another mik process", second.Stderr);
        }
        Assert.Equal(id, await InstancesApi.IdAsync(first));

        first.Signal(MikProcess.Sigterm);
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await File.AppendAllTextAsync(sandbox.ConfigPath, "\n[breaker]\nfailure_threshold = 3\n", Ct);
        await using var restarted = MikProcess.Start(sandbox);
        await restarted.WaitReadyAsync();
        Assert.Equal(id, await InstancesApi.IdAsync(restarted));

        var sql = $"select type || ' ' || data::text from {schema}.mt_events where stream_id = 'instance:{id}' order by seq_id";
        var events = await InstancesApi.QueryAsync(sql);
        for (var i = 0; i < 300 && events.Count < 4; i++)
        {
            await Task.Delay(100, Ct);
            events = await InstancesApi.QueryAsync(sql);
        }
        Assert.Equal(["instance_started", "instance_stopped", "instance_started", "config_changed"], events.Select(e => e.Split(' ')[0]));
        using var change = JsonDocument.Parse(events[3][(events[3].IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(["breaker.failure_threshold"], change.RootElement.GetProperty("changed_keys").EnumerateArray().Select(k => k.GetString()));
    }
}
