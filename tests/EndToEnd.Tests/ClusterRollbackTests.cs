using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>A rollback made on either instance of a two-instance cluster reaches both (docs/operations.md, Rollback).</summary>
public sealed class ClusterRollbackTests
{
    private const string Hello = "Hello from mik\n";
    private const string TwoEntry = "two entrypoints\n";

    [Fact]
    public async Task A_rollback_on_A_and_one_to_a_named_version_on_B_reach_both_instances()
    {
        await using var cluster = await ClusterPair.StartAsync();
        Assert.Equal(HttpStatusCode.Created, await ClusterPair.DeployAsync(cluster.A, "x", "hello"));
        Assert.Equal(HttpStatusCode.OK, await ClusterPair.DeployAsync(cluster.A, "x", "twoentry"));
        await ClusterPair.WaitForAnswerAsync(cluster.B, "/run/x/", HttpStatusCode.OK, TwoEntry);

        // The published binary's own command, on A: back to the previous version (1, hello).
        var back = await MikCli.RunWithEnvironmentAsync(cluster.SandboxA.Directory,
            new Dictionary<string, string> { ["MIK_API_KEY"] = ClusterPair.ApiKey }, "modules", "rollback", "x", "--config", cluster.SandboxA.ConfigPath);
        Assert.True(back.ExitCode == 0, back.Stderr);
        Assert.Contains("\"rolled_back_to\":1", back.Stdout);
        foreach (var mik in new[] { cluster.A, cluster.B })
            await ClusterPair.WaitForAnswerAsync(mik, "/run/x/", HttpStatusCode.OK, Hello);

        // On B, by number: deployment 2 (twoentry) again.
        using var toTwo = await cluster.B.Admin.PostAsync("/modules/x/rollback?to=2", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, toTwo.StatusCode);
        foreach (var mik in new[] { cluster.A, cluster.B })
            await ClusterPair.WaitForAnswerAsync(mik, "/run/x/", HttpStatusCode.OK, TwoEntry);

        var rollbacks = (await ClusterPair.AuditDataAsync(cluster.A, "module_deployed"))
            .Where(d => d.GetProperty("source").GetString() == "rollback")
            .Select(d => d.GetProperty("rolled_back_to").GetInt32()).Order().ToList();
        Assert.Equal([1, 2], rollbacks);
    }
}
