using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// <c>mik state rebuild</c> and <c>mik instances prune</c> in a cluster of two: only the instance that runs the
/// projections rebuilds them, and a killed instance is pruned, then listed again when it starts once more.
/// </summary>
public sealed class CliStateClusterTests
{
    private const string FastCluster = "[cluster]\nheartbeat_secs = 1\nlost_after_secs = 3";

    [Fact]
    public async Task Rebuild_runs_where_the_projections_run_and_a_lost_instance_is_pruned_until_it_comes_back()
    {
        var schema = MikSandbox.NewSchema();
        using var sandboxA = new MikSandbox(FastCluster, schema: schema);
        using var sandboxB = new MikSandbox(FastCluster, schema: schema);
        await using var a = MikProcess.Start(sandboxA);
        await a.WaitReadyAsync();
        await using var b = MikProcess.Start(sandboxB);
        await b.WaitReadyAsync();
        var (idA, idB) = (await InstancesApi.IdAsync(a), await InstancesApi.IdAsync(b));
        var list = await InstancesApi.WaitForAsync(a, l => l.IsRunning(idA) && l.IsRunning(idB) && l.ProjectionRunners().Count == 1,
            "both running, one of them running the projections");
        var leaderIsA = list.ProjectionRunners()[0] == idA;
        var (leader, leaderId, leaderBox) = leaderIsA ? (a, idA, sandboxA) : (b, idB, sandboxB);
        var (follower, followerId, followerBox) = leaderIsA ? (b, idB, sandboxB) : (a, idA, sandboxA);

        // The other instance refuses, naming the one whose admin API can do it.
        var refused = (await AdminCli.RunAsync(null, followerBox.Directory, "state", "rebuild")).SingleErrorLine(1);
        Assert.StartsWith($"mik: 409 projections run elsewhere: instance {leaderId} (admin listener ", refused);
        Assert.Contains($":{leaderBox.AdminPort}) runs the projections", refused);
        var rebuilt = Assert.Single((await AdminCli.RunAsync(null, leaderBox.Directory, "state", "rebuild")).Ok().JsonLines);
        Assert.Equal(leaderId, rebuilt.GetProperty("instance").GetString());
        Assert.Equal(2, rebuilt.GetProperty("projections").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "instances")
            .GetProperty("documents").GetInt32());

        // Killed: it says nothing and turns lost; prune forgets it, recorded with who did it.
        follower.Signal(MikProcess.Sigkill);
        await follower.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await InstancesApi.WaitForAsync(leader, l => l.StatusOf(followerId) == "lost", "the killed instance lost");
        var pruned = Assert.Single((await AdminCli.RunAsync(null, leaderBox.Directory, "instances", "prune")).Ok().JsonLines);
        var forgotten = Assert.Single(pruned.GetProperty("pruned").EnumerateArray());
        Assert.Equal(followerId, forgotten.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.String, forgotten.GetProperty("last_seen").ValueKind);
        Assert.Equal([leaderId], (await AdminCli.RunAsync(null, leaderBox.Directory, "instances")).Ok().JsonLines.Select(i => i.GetProperty("id").GetString()));
        var recorded = (await AdminCli.RunAsync(null, leaderBox.Directory, "audit", "--type", "instance_pruned")).Ok().JsonLines;
        Assert.Equal("instance:" + followerId, Assert.Single(recorded).GetProperty("stream").GetString());
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(await InstancesApi.ListAsync(leader), i => i.GetProperty("id").GetString() == followerId);
        // The prune is in the event log, so a rebuild keeps the instance forgotten.
        (await AdminCli.RunAsync(null, leaderBox.Directory, "state", "rebuild", "--projection", "instances")).Ok();
        Assert.Equal([leaderId], (await InstancesApi.ListAsync(leader)).Select(i => i.GetProperty("id").GetString()));

        // Started again, it is listed again; killed again, prune on a terminal says what it forgot.
        await using (var again = MikProcess.Start(followerBox))
        {
            await again.WaitReadyAsync();
            await InstancesApi.WaitForAsync(leader, l => l.IsRunning(followerId), "the pruned instance listed again");
            again.Signal(MikProcess.Sigkill);
            await again.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        await InstancesApi.WaitForAsync(leader, l => l.StatusOf(followerId) == "lost", "the instance lost again");
        var shown = await PseudoTerminal.RunAsync(null, leaderBox.Directory, "instances", "prune");
        Assert.Matches($@"pruned {followerId} \(host \S+, last seen \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\dZ\)", shown);
        Assert.Equal(["running"], (await InstancesApi.ListAsync(leader)).Select(i => i.GetProperty("status").GetString()));
    }
}
