using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Cluster;

/// <summary>
/// The cluster's faults that need no instance to misbehave: PostgreSQL away, two deploys of one module racing, and the
/// <c>folder</c> switch that keeps modules per machine (docs/operations.md, Modules across the cluster).
/// </summary>
public sealed class ClusterFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Hello = "Hello from mik";

    [Fact]
    public async Task With_PostgreSQL_stopped_both_keep_serving_deploys_are_refused_and_once_it_is_back_a_deploy_reaches_both()
    {
        await using var pg = await PrivatePostgres.CreateAsync();
        using var pair = new SharedSchemaSandboxes(pg.ConnectionString);
        await using var a = MikProcess.Start(pair.A);
        await using var b = MikProcess.Start(pair.B);
        await Task.WhenAll(a.WaitReadyAsync(TimeSpan.FromSeconds(120)), b.WaitReadyAsync(TimeSpan.FromSeconds(120)));
        await a.WaitEventStoreAsync(TimeSpan.FromSeconds(120));
        await b.WaitEventStoreAsync(TimeSpan.FromSeconds(120));
        Assert.Equal(HttpStatusCode.Created, (await SharedSchemaSandboxes.DeployAsync(a, "greet", SharedSchemaSandboxes.Guest("hello"))).StatusCode);
        await SharedSchemaSandboxes.WaitForAnswerAsync(b, "greet", r => r.Body.Contains(Hello), "B to serve the deployed module");

        await pg.StopAsync();
        for (var n = 0; n < 20; n++)
        {
            foreach (var mik in new[] { a, b })
            {
                var (status, body) = await SharedSchemaSandboxes.RunAsync(mik, "greet");
                Assert.Equal((HttpStatusCode.OK, true), (status, body.Contains(Hello)));
            }
            await Task.Delay(100, Ct);
        }
        foreach (var mik in new[] { a, b })
        {
            using var refused = await SharedSchemaSandboxes.DeployAsync(mik, "greet", SharedSchemaSandboxes.Guest("echo"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains(Hello, (await SharedSchemaSandboxes.RunAsync(mik, "greet")).Body);
        }

        await pg.StartAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        HttpStatusCode deployed;
        do
        {
            using var response = await SharedSchemaSandboxes.DeployAsync(a, "greet", SharedSchemaSandboxes.Guest("echo"));
            deployed = response.StatusCode;
            if (deployed == HttpStatusCode.ServiceUnavailable) await Task.Delay(500, Ct);
        }
        while (deployed == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, deployed);
        await SharedSchemaSandboxes.WaitForAnswerAsync(b, "greet", r => r.Body.Contains("body_len="), "B to serve the version deployed after the outage");
    }

    [Fact]
    public async Task Racing_deploys_of_one_module_to_two_instances_never_both_win_silently_and_both_converge_to_the_store()
    {
        using var pair = new SharedSchemaSandboxes();
        await using var a = MikProcess.Start(pair.A);
        await using var b = MikProcess.Start(pair.B);
        await Task.WhenAll(a.WaitReadyAsync(), b.WaitReadyAsync());
        var guests = new[] { SharedSchemaSandboxes.Guest("hello"), SharedSchemaSandboxes.Guest("echo") };
        var conflicts = 0;

        for (var round = 0; round < 10; round++)
        {
            // Round r sends hello to one instance and echo to the other, swapping sides each round.
            var toA = guests[round % 2];
            var toB = guests[(round + 1) % 2];
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racing = new[] { (a, toA), (b, toB) }.Select(async side =>
            {
                await go.Task;
                using var response = await SharedSchemaSandboxes.DeployAsync(side.Item1, "race", side.Item2);
                return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
            }).ToList();
            go.SetResult();
            var answers = await Task.WhenAll(racing);

            Assert.All(answers, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.Conflict }));
            Assert.Contains(answers, r => r.StatusCode != HttpStatusCode.Conflict);
            foreach (var lost in answers.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            {
                conflicts++;
                Assert.Contains("was changed by another request", JsonDocument.Parse(lost.Item2).RootElement.GetProperty("detail").GetString());
            }

            // Whatever won, the store holds one current version and both instances end up serving it.
            var current = await CurrentSha256Async(pair.A.Schema, "race");
            foreach (var mik in new[] { a, b })
                await WaitServedAsync(mik, "race", current);
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"racing deploys: {conflicts} of 10 rounds ended in a 409");
    }

    [Fact]
    public async Task With_module_source_folder_a_module_deployed_to_one_instance_is_not_served_by_the_other()
    {
        using var pair = new SharedSchemaSandboxes(cluster: "catch_up_secs = 1\nmodule_source = \"folder\"");
        await using var a = MikProcess.Start(pair.A);
        await using var b = MikProcess.Start(pair.B);
        await Task.WhenAll(a.WaitReadyAsync(), b.WaitReadyAsync());

        Assert.Equal(HttpStatusCode.Created, (await SharedSchemaSandboxes.DeployAsync(a, "greet", SharedSchemaSandboxes.Guest("hello"))).StatusCode);
        Assert.Contains(Hello, (await SharedSchemaSandboxes.RunAsync(a, "greet")).Body);
        // Three catch-up intervals: in store mode B would serve it by now.
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.Equal(HttpStatusCode.NotFound, (await SharedSchemaSandboxes.RunAsync(b, "greet")).Status);
        Assert.Empty(Directory.GetFiles(pair.B.ModulesDirectory, "*.wasm"));
        Assert.Equal(["0"], await InstancesApi.QueryAsync($"select count(*) from {pair.A.Schema}.mik_module_bytes"));
    }

    [Fact]
    public async Task A_module_deployed_before_the_store_kept_bytes_is_stored_by_an_instance_serving_it_and_reaches_the_others()
    {
        using var pair = new SharedSchemaSandboxes(cluster: "catch_up_secs = 1\nmodule_source = \"folder\"");
        await using (var before = MikProcess.Start(pair.A))
        {
            await before.WaitReadyAsync();
            Assert.Equal(HttpStatusCode.Created, (await SharedSchemaSandboxes.DeployAsync(before, "greet", SharedSchemaSandboxes.Guest("hello"))).StatusCode);
            before.Signal(MikProcess.Sigterm);
            Assert.Equal(0, await before.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
        // The upgrade: both now follow the store, whose only record of greet is an event without bytes.
        foreach (var sandbox in new[] { pair.A, pair.B })
            File.WriteAllText(sandbox.ConfigPath, File.ReadAllText(sandbox.ConfigPath).Replace("module_source = \"folder\"", "module_source = \"store\""));

        await using var a = MikProcess.Start(pair.A);
        await using var b = MikProcess.Start(pair.B);
        await Task.WhenAll(a.WaitReadyAsync(), b.WaitReadyAsync());

        await SharedSchemaSandboxes.WaitForAnswerAsync(b, "greet", r => r.Body.Contains(Hello), "B to serve the module A stored");
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(SharedSchemaSandboxes.Guest("hello")));
        Assert.Equal(["1 backfill"], await InstancesApi.QueryAsync(
            $"select version || ' ' || source from {pair.A.Schema}.mik_module_versions where module = 'greet' and sha256 = '{sha256}'"));
        Assert.Contains(LogLines.Parse(a.StdoutLines), l => l.Is("message", "module_bytes_stored"));
    }

    private static async Task<string> CurrentSha256Async(string schema, string module)
    {
        var rows = await InstancesApi.QueryAsync(
            $"select data->>'sha256' from {schema}.mt_events where stream_id = 'module:{module}' "
            + "and type = 'module_deployed' order by seq_id desc limit 1");
        return Assert.Single(rows);
    }

    private static async Task WaitServedAsync(MikProcess mik, string module, string sha256)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string? served = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await mik.Admin.GetAsync("/modules/" + module, Ct);
            if (response.IsSuccessStatusCode)
            {
                served = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("sha256").GetString();
                if (served == sha256) return;
            }
            await Task.Delay(100, Ct);
        }
        Assert.Fail($"instance still serves {served}, not the store's current {sha256}");
    }
}
