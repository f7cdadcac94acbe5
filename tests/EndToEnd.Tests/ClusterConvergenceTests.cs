using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;
using Npgsql;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// Store mode: two <c>mik serve</c> with their own state and modules folders on one PostgreSQL. What is deployed or
/// removed through either is served, or not, by both (docs/operations.md, Convergence).
/// </summary>
public sealed class ClusterConvergenceTests
{
    private const string Hello = "Hello from mik\n";
    private const string TwoEntry = "two entrypoints\n";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_module_deployed_to_A_answers_on_B_and_every_new_version_follows()
    {
        await using var cluster = await ClusterPair.StartAsync();
        Assert.Equal(HttpStatusCode.Created, await ClusterPair.DeployAsync(cluster.A, "x", "hello"));
        await ClusterPair.WaitForAnswerAsync(cluster.B, "/run/x/", HttpStatusCode.OK, Hello);

        var delays = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var (guest, body) = i % 2 == 0 ? ("twoentry", TwoEntry) : ("hello", Hello);
            Assert.Equal(HttpStatusCode.OK, await ClusterPair.DeployAsync(cluster.A, "x", guest));
            delays.Add((await ClusterPair.WaitForAnswerAsync(cluster.B, "/run/x/", HttpStatusCode.OK, body)).TotalMilliseconds);
        }
        delays.Sort();
        var line = $"cluster convergence: A's 200 to B's first new answer over {delays.Count} deploys: "
            + $"median {(delays[9] + delays[10]) / 2:F0} ms, max {delays[^1]:F0} ms";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);

        // Each instance reports what it serves: B the version it fetched, A the one it took through its own API.
        var (idA, idB) = (await InstancesApi.IdAsync(cluster.A), await InstancesApi.IdAsync(cluster.B));
        var hello = ClusterPair.Sha256Of("hello");
        foreach (var id in new[] { idA, idB })
        {
            await ClusterPair.WaitForAuditAsync(cluster.A, "module_activated",
                e => e.GetProperty("instance").GetString() == id && e.GetProperty("sha256").GetString() == hello);
        }
    }

    [Fact]
    public async Task A_removal_on_B_reaches_A()
    {
        await using var cluster = await ClusterPair.StartAsync();
        Assert.Equal(HttpStatusCode.Created, await ClusterPair.DeployAsync(cluster.A, "x", "hello"));
        await ClusterPair.WaitForAnswerAsync(cluster.B, "/run/x/", HttpStatusCode.OK, Hello);

        using var removed = await cluster.B.Admin.DeleteAsync("/modules/x", Ct);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);

        await ClusterPair.WaitForAnswerAsync(cluster.A, "/run/x/", HttpStatusCode.NotFound);
        Assert.False(File.Exists(Path.Combine(cluster.SandboxA.ModulesDirectory, "x.wasm")));
        var idA = await InstancesApi.IdAsync(cluster.A);
        await ClusterPair.WaitForAuditAsync(cluster.A, "module_activated",
            e => e.GetProperty("instance").GetString() == idA && e.GetProperty("sha256").GetString() == "");
    }

    [Fact]
    public async Task B_stopped_during_a_deploy_serves_the_new_version_as_soon_as_it_reports_ready()
    {
        await using var cluster = await ClusterPair.StartAsync();
        Assert.Equal(HttpStatusCode.Created, await ClusterPair.DeployAsync(cluster.A, "x", "hello"));
        await ClusterPair.WaitForAnswerAsync(cluster.B, "/run/x/", HttpStatusCode.OK, Hello);

        await cluster.StopBAsync();
        Assert.Equal(HttpStatusCode.OK, await ClusterPair.DeployAsync(cluster.A, "x", "twoentry"));
        await cluster.RestartBAsync();

        // The first request after ready, not polled: readiness waited for the first convergence pass.
        using var first = await cluster.B.Runtime.GetAsync("/run/x/", Ct);
        Assert.Equal((HttpStatusCode.OK, TwoEntry), (first.StatusCode, await first.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task A_request_in_flight_on_B_during_a_deploy_finishes_on_the_old_version_and_the_next_gets_the_new_one()
    {
        await using var cluster = await ClusterPair.StartAsync();
        Assert.Equal(HttpStatusCode.Created, await ClusterPair.DeployAsync(cluster.A, "x", "slow"));
        await ClusterPair.WaitForAnswerAsync(cluster.B, "/run/x/?ms=1", HttpStatusCode.OK, "slept 1 ms\n");

        var inFlight = cluster.B.Runtime.GetAsync("/run/x/?ms=6000", Ct);
        await WaitInFlightAsync(cluster.B);
        Assert.Equal(HttpStatusCode.OK, await ClusterPair.DeployAsync(cluster.A, "x", "hello"));
        await ClusterPair.WaitForAnswerAsync(cluster.B, "/run/x/", HttpStatusCode.OK, Hello);

        using var old = await inFlight;
        Assert.Equal((HttpStatusCode.OK, "slept 6000 ms"), (old.StatusCode, (await old.Content.ReadAsStringAsync(Ct)).TrimEnd()));
    }

    [Fact]
    public async Task An_instance_that_cannot_run_a_version_keeps_its_old_one_and_records_why()
    {
        // B serves x through the export "alt": twoentry has it, hello does not, so only B refuses hello.
        await using var cluster = await ClusterPair.StartAsync("[modules.x]\nentrypoint = \"alt\"\n");
        Assert.Equal(HttpStatusCode.Created, await ClusterPair.DeployAsync(cluster.A, "x", "twoentry"));
        await ClusterPair.WaitForAnswerAsync(cluster.B, "/run/x/", HttpStatusCode.OK, TwoEntry);

        Assert.Equal(HttpStatusCode.OK, await ClusterPair.DeployAsync(cluster.A, "x", "hello"));
        var idB = await InstancesApi.IdAsync(cluster.B);
        var hello = ClusterPair.Sha256Of("hello");
        var failed = await ClusterPair.WaitForAuditAsync(cluster.A, "module_activation_failed",
            e => e.GetProperty("instance").GetString() == idB && e.GetProperty("sha256").GetString() == hello);
        Assert.StartsWith("cannot run", failed.GetProperty("reason").GetString());

        await ClusterPair.WaitForAnswerAsync(cluster.A, "/run/x/", HttpStatusCode.OK, Hello);
        using var onB = await cluster.B.Runtime.GetAsync("/run/x/", Ct);
        Assert.Equal((HttpStatusCode.OK, TwoEntry), (onB.StatusCode, await onB.Content.ReadAsStringAsync(Ct)));

        // Another module still follows, and the pass that brings it (x comes first) does not try x's failed compile again.
        Assert.Equal(HttpStatusCode.Created, await ClusterPair.DeployAsync(cluster.A, "y", "hello"));
        await ClusterPair.WaitForAnswerAsync(cluster.B, "/run/y/", HttpStatusCode.OK, Hello);
        await ClusterPair.WaitForAuditAsync(cluster.A, "module_activated",
            e => e.GetProperty("instance").GetString() == idB && e.GetProperty("module").GetString() == "y");
        Assert.Single(await ClusterPair.AuditDataAsync(cluster.A, "module_activation_failed"),
            e => e.GetProperty("instance").GetString() == idB && e.GetProperty("module").GetString() == "x");
    }

    [Fact]
    public async Task Bytes_whose_hash_does_not_match_are_never_served_the_instance_keeps_its_version()
    {
        await using var cluster = await ClusterPair.StartAsync();
        Assert.Equal(HttpStatusCode.Created, await ClusterPair.DeployAsync(cluster.A, "x", "hello"));
        await ClusterPair.WaitForAnswerAsync(cluster.B, "/run/x/", HttpStatusCode.OK, Hello);

        await cluster.StopBAsync();
        Assert.Equal(HttpStatusCode.OK, await ClusterPair.DeployAsync(cluster.A, "x", "twoentry"));
        var twoEntry = ClusterPair.Sha256Of("twoentry");
        var forged = await File.ReadAllBytesAsync(MikSandbox.GuestPath("garbage"), Ct);
        await using (var db = new NpgsqlConnection(MikSandbox.TestDatabaseUrl))
        {
            await db.OpenAsync(Ct);
            await using var corrupt = new NpgsqlCommand(
                $"update {cluster.Schema}.mik_module_bytes set bytes = $1, size_bytes = $2 where sha256 = $3", db);
            corrupt.Parameters.AddWithValue(forged);
            corrupt.Parameters.AddWithValue((long)forged.Length);
            corrupt.Parameters.AddWithValue(twoEntry);
            Assert.Equal(1, await corrupt.ExecuteNonQueryAsync(Ct));
        }
        await cluster.RestartBAsync();

        using var onB = await cluster.B.Runtime.GetAsync("/run/x/", Ct);
        Assert.Equal((HttpStatusCode.OK, Hello), (onB.StatusCode, await onB.Content.ReadAsStringAsync(Ct)));
        var idB = await InstancesApi.IdAsync(cluster.B);
        var failed = await ClusterPair.WaitForAuditAsync(cluster.A, "module_activation_failed",
            e => e.GetProperty("instance").GetString() == idB && e.GetProperty("sha256").GetString() == twoEntry);
        Assert.Equal($"bytes do not match sha256 {twoEntry}", failed.GetProperty("reason").GetString());
        using var onA = await cluster.A.Runtime.GetAsync("/run/x/", Ct);
        Assert.Equal(TwoEntry, await onA.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Each_instance_reports_a_version_it_serves_once_and_not_again_after_a_restart()
    {
        await using var cluster = await ClusterPair.StartAsync();
        Assert.Equal(HttpStatusCode.Created, await ClusterPair.DeployAsync(cluster.A, "x", "hello"));
        await ClusterPair.WaitForAnswerAsync(cluster.B, "/run/x/", HttpStatusCode.OK, Hello);
        var idB = await InstancesApi.IdAsync(cluster.B);
        var (hello, twoEntry) = (ClusterPair.Sha256Of("hello"), ClusterPair.Sha256Of("twoentry"));
        await ClusterPair.WaitForAuditAsync(cluster.A, "module_activated", e => Is(e, idB, hello));

        await cluster.StopBAsync();
        await cluster.RestartBAsync();
        Assert.Equal(HttpStatusCode.OK, await ClusterPair.DeployAsync(cluster.A, "x", "twoentry"));
        await ClusterPair.WaitForAnswerAsync(cluster.B, "/run/x/", HttpStatusCode.OK, TwoEntry);
        // B records in order: once its report of the new version is in, a second report of the old one would be too.
        await ClusterPair.WaitForAuditAsync(cluster.A, "module_activated", e => Is(e, idB, twoEntry));

        var reports = await ClusterPair.AuditDataAsync(cluster.A, "module_activated");
        Assert.Single(reports, e => Is(e, idB, hello));
        Assert.Single(reports, e => Is(e, idB, twoEntry));
    }

    private static bool Is(System.Text.Json.JsonElement activated, string instance, string sha256) =>
        activated.GetProperty("instance").GetString() == instance && activated.GetProperty("sha256").GetString() == sha256;

    private static async Task WaitInFlightAsync(MikProcess mik)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var health = System.Text.Json.JsonDocument.Parse(await mik.Admin.GetStringAsync("/health", Ct));
            if (health.RootElement.GetProperty("in_flight").GetInt64() > 0) return;
            await Task.Delay(10, Ct);
        }
        Assert.Fail("the slow request never started");
    }
}
