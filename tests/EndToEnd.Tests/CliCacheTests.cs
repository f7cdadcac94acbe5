using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// <c>mik cache list|clean|clear|warm</c> on the published binary: through the admin API of a running mik, and on the
/// files themselves with it stopped (the cleanup then reaches the trail through the audit spool at the next start).
/// </summary>
public sealed class CliCacheTests
{
    private const string Key = AdminCliFixture.Key;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static MikSandbox NewSandbox()
    {
        var sandbox = new MikSandbox(adminToml: "auth_failure_burst = 0\n");
        sandbox.Environment["MIK_API_KEY"] = Key;
        sandbox.AddModule("hello");
        return sandbox;
    }

    private static Task<AdminCliResult> RunAsync(MikSandbox sandbox, params string[] args) =>
        AdminCli.RunAsync(Key, sandbox.Directory, [.. args, "--config", sandbox.ConfigPath]);

    /// <summary>An orphaned artifact (a copy of hello's, its module gone) and a corrupt one (no header); their sizes.</summary>
    internal static long AddUnusableArtifacts(MikSandbox sandbox)
    {
        var hello = Path.Combine(sandbox.ModulesDirectory, "hello.wasm.aot");
        File.Copy(hello, Path.Combine(sandbox.ModulesDirectory, "ghost.wasm.aot"));
        File.WriteAllBytes(Path.Combine(sandbox.ModulesDirectory, "junk.wasm.aot"), new byte[4096]);
        return new FileInfo(hello).Length + 4096;
    }

    private static Dictionary<string, string> States(AdminCliResult list) =>
        list.Ok().JsonLines.ToDictionary(a => a.GetProperty("module").GetString()!, a => a.GetProperty("state").GetString()!);

    private static async Task<IReadOnlyList<JsonElement>> CacheClearedAsync(MikSandbox sandbox, int atLeast)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var events = (await RunAsync(sandbox, "audit", "--type", "CacheCleared")).Ok().JsonLines;
            if (events.Count >= atLeast || DateTime.UtcNow > until) return events;
            await Task.Delay(200, Ct);
        }
    }

    [Fact]
    public async Task With_mik_running_list_clean_and_clear_go_through_the_admin_API_and_the_trail_names_the_caller()
    {
        using var sandbox = NewSandbox();
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        var unusable = AddUnusableArtifacts(sandbox);

        var states = States(await RunAsync(sandbox, "cache", "list"));
        Assert.Equal("current", states["hello"]);
        Assert.Equal("orphaned", states["ghost"]);
        Assert.Equal("corrupt", states["junk"]);

        var clean = Assert.Single((await RunAsync(sandbox, "cache", "clean")).Ok().JsonLines);
        Assert.Equal("stale", clean.GetProperty("scope").GetString());
        Assert.Equal(2, clean.GetProperty("files").GetInt32());
        Assert.Equal(unusable, clean.GetProperty("bytes").GetInt64());
        Assert.Equal(["hello"], States(await RunAsync(sandbox, "cache", "list", "--json")).Keys);

        var clear = Assert.Single((await RunAsync(sandbox, "cache", "clear")).Ok().JsonLines);
        Assert.Equal("all", clear.GetProperty("scope").GetString());
        Assert.Equal(1, clear.GetProperty("files").GetInt32());
        // The server compiled afresh before answering: the next request is served, from a new artifact.
        using (var response = await mik.Runtime.GetAsync("/run/hello/", Ct)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("current", States(await RunAsync(sandbox, "cache", "list"))["hello"]);

        // Nothing to warm: the server compiles at start and on change.
        Assert.Empty((await RunAsync(sandbox, "cache", "warm")).Ok().Lines);

        var cleared = await CacheClearedAsync(sandbox, 2);
        Assert.Equal(["all", "stale"], cleared.Select(e => e.GetProperty("data").GetProperty("scope").GetString()).Order());
        Assert.All(cleared, e => Assert.Equal("api@127.0.0.1", e.GetProperty("data").GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task With_a_wrong_key_or_the_wrong_address_of_a_running_mik_nothing_is_deleted()
    {
        using var sandbox = NewSandbox();
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        AddUnusableArtifacts(sandbox);
        foreach (var command in new[] { "list", "clean", "clear", "warm" })
        {
            var run = await AdminCli.RunAsync("wrong-key", sandbox.Directory, "cache", command, "--config", sandbox.ConfigPath);
            Assert.Equal("mik: 403 forbidden: check MIK_API_KEY", run.SingleErrorLine(1));
        }

        // The wrong address for a running mik: its files stay its own (it holds the state dir).
        var free = Ports.Free();
        var elsewhere = await RunAsync(sandbox, "cache", "clear", "--admin-url", $"127.0.0.1:{free}");
        Assert.StartsWith("mik: a mik holds state dir ", elsewhere.SingleErrorLine(1));

        Assert.True(File.Exists(Path.Combine(sandbox.ModulesDirectory, "ghost.wasm.aot")));
        Assert.True(File.Exists(Path.Combine(sandbox.ModulesDirectory, "hello.wasm.aot")));
    }

    [Fact]
    public async Task With_mik_stopped_warm_compiles_clean_and_clear_remove_files_and_the_next_serve_records_both_and_loads_from_aot()
    {
        using var sandbox = NewSandbox();
        var helloAot = Path.Combine(sandbox.ModulesDirectory, "hello.wasm.aot");

        var warmed = Assert.Single((await RunAsync(sandbox, "cache", "warm")).Ok().JsonLines);
        Assert.Equal("hello", warmed.GetProperty("module").GetString());
        Assert.Equal("compiled", warmed.GetProperty("result").GetString());
        Assert.True(File.Exists(helloAot));
        Assert.Equal("current", Assert.Single((await RunAsync(sandbox, "cache", "warm")).Ok().JsonLines).GetProperty("result").GetString());

        var unusable = AddUnusableArtifacts(sandbox);
        var states = States(await RunAsync(sandbox, "cache", "list"));
        Assert.Equal(["current", "orphaned", "corrupt"], new[] { states["hello"], states["ghost"], states["junk"] });

        var clean = Assert.Single((await RunAsync(sandbox, "cache", "clean")).Ok().JsonLines);
        Assert.Equal(("stale", 2, unusable), (clean.GetProperty("scope").GetString(), clean.GetProperty("files").GetInt32(), clean.GetProperty("bytes").GetInt64()));
        Assert.Equal(["hello.wasm", "hello.wasm.aot"], Directory.GetFiles(sandbox.ModulesDirectory).Select(Path.GetFileName).Order());

        var helloBytes = new FileInfo(helloAot).Length;
        var clear = Assert.Single((await RunAsync(sandbox, "cache", "clear")).Ok().JsonLines);
        Assert.Equal(("all", 1, helloBytes), (clear.GetProperty("scope").GetString(), clear.GetProperty("files").GetInt32(), clear.GetProperty("bytes").GetInt64()));
        Assert.False(File.Exists(helloAot));
        // This mik never ran, so its schema is not there yet: both events wait in the spool.
        Assert.Equal(2, File.ReadAllLines(Path.Combine(sandbox.StateDirectory, "audit-spool", "events.jsonl")).Length);

        Assert.Equal("compiled", Assert.Single((await RunAsync(sandbox, "cache", "warm")).Ok().JsonLines).GetProperty("result").GetString());

        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        using (var response = await mik.Runtime.GetAsync("/run/hello/", Ct)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var loaded = Assert.Single(LogLines.Parse(mik.StdoutLines), l => l.Is("message", "module_loaded") && l.Is("module", "hello"));
        Assert.Equal("aot", loaded.GetProperty("tier").GetString());

        var cleared = await CacheClearedAsync(sandbox, 2);
        Assert.Equal(["all", "stale"], cleared.Select(e => e.GetProperty("data").GetProperty("scope").GetString()).Order());
        Assert.All(cleared, e => Assert.StartsWith("cli@", e.GetProperty("data").GetProperty("actor").GetString()));
        var stale = Assert.Single(cleared, e => e.GetProperty("data").GetProperty("scope").GetString() == "stale");
        Assert.Equal(unusable, stale.GetProperty("data").GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task With_mik_stopped_and_its_store_reachable_clear_records_straight_into_the_store()
    {
        using var sandbox = NewSandbox();
        await using (var first = MikProcess.Start(sandbox))
        {
            // The command writes straight to the store, so only once this mik has migrated the schema.
            await first.WaitEventStoreAsync();
        }

        var clear = Assert.Single((await RunAsync(sandbox, "cache", "clear")).Ok().JsonLines);
        Assert.Equal(1, clear.GetProperty("files").GetInt32());
        Assert.False(File.Exists(Path.Combine(sandbox.ModulesDirectory, "hello.wasm.aot")));
        Assert.False(File.Exists(Path.Combine(sandbox.StateDirectory, "audit-spool", "events.jsonl")));

        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        var cleared = Assert.Single(await CacheClearedAsync(sandbox, 1));
        Assert.Equal("all", cleared.GetProperty("data").GetProperty("scope").GetString());
        Assert.StartsWith("cli@", cleared.GetProperty("data").GetProperty("actor").GetString());
        using var response = await mik.Runtime.GetAsync("/run/hello/", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task With_mik_stopped_and_the_embedded_PostgreSQL_clear_starts_the_cluster_records_and_stops_it_again()
    {
        using var sandbox = new MikSandbox(embeddedDatabase: true);
        sandbox.Environment["MIK_API_KEY"] = Key;
        sandbox.AddModule("hello");
        var cluster = new EmbeddedCluster(sandbox);
        await using (var first = MikProcess.Start(sandbox))
        {
            await first.WaitReadyAsync(TimeSpan.FromSeconds(120));
            await first.WaitEventStoreAsync(TimeSpan.FromSeconds(120));
        }
        await EmbeddedCluster.UntilAsync(() => Task.FromResult(cluster.Postmaster() is not { } p || !EmbeddedCluster.IsRunning(p.Pid)),
            "the cluster of the stopped mik to stop", Deadline);

        var clear = Assert.Single((await RunAsync(sandbox, "cache", "clear")).Ok().JsonLines);
        Assert.Equal(1, clear.GetProperty("files").GetInt32());
        Assert.False(File.Exists(Path.Combine(sandbox.StateDirectory, "audit-spool", "events.jsonl")));
        Assert.True(cluster.Postmaster() is not { } postmaster || !EmbeddedCluster.IsRunning(postmaster.Pid), "the command left the cluster running");

        // Straight from the cluster, started by hand: no mik runs to read /audit.
        await cluster.PgCtlAsync("-l", Path.Combine(cluster.Directory, "postgres.log"), "-o", $"-p {Ports.Free()}", "-w", "-s", "start");
        try
        {
            Assert.Equal(1L, await cluster.ScalarAsync("mik", cluster.Password("mik"),
                "SELECT count(*) FROM mik.mt_events WHERE type = 'cache_cleared' AND data->>'actor' LIKE 'cli@%'"));
        }
        finally
        {
            await cluster.PgCtlAsync("stop", "-m", "fast", "-w");
        }
    }

    [Fact]
    public async Task A_state_dir_held_by_another_mik_whose_API_does_not_answer_is_one_line_and_exit_1()
    {
        using var sandbox = NewSandbox();
        Directory.CreateDirectory(sandbox.StateDirectory);
        // What a mik serve that is still starting holds: the state dir lock, with nothing on the admin port yet.
        using var held = new FileStream(Path.Combine(sandbox.StateDirectory, "mik.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var line = (await RunAsync(sandbox, "cache", "clean")).SingleErrorLine(1);
        Assert.StartsWith("mik: a mik holds state dir ", line);
        Assert.Contains($"does not answer on 127.0.0.1:{sandbox.AdminPort}", line);
    }
}
