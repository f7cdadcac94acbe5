using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;
using Npgsql;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// The embedded PostgreSQL of the published binary: what happens to it when mik is killed, when it stops under a
/// running mik, and what a process of the cluster or a SQL session as mik can reach (docs/operations.md).
/// </summary>
public sealed class EmbeddedPostgresTests
{
    private const string ApiKey = "embedded-pg-test-key";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_kill_9_of_mik_its_PostgreSQL_stops_and_the_next_mik_starts_with_the_audit_trail()
    {
        using var sandbox = Sandbox();
        var cluster = new EmbeddedCluster(sandbox);
        int postmaster;
        await using (var mik = await StartAsync(sandbox))
        {
            await ResetCircuitAsync(mik, HttpStatusCode.OK);
            postmaster = cluster.Postmaster()!.Value.Pid;
            mik.Signal(MikProcess.Sigkill);
            await mik.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        await EmbeddedCluster.UntilAsync(() => Task.FromResult(!EmbeddedCluster.IsRunning(postmaster)),
            $"the postmaster (pid {postmaster}) of the killed mik to stop", TimeSpan.FromSeconds(30));
        await using var next = await StartAsync(sandbox);
        await ResetCircuitAsync(next, HttpStatusCode.OK);
        Assert.Equal(2L, await cluster.ScalarAsync("mik", cluster.Password("mik"),
            "SELECT count(*) FROM mik.mt_events WHERE type = 'circuit_reset'"));
    }

    [Fact]
    public async Task A_mik_started_right_after_a_kill_9_gets_a_working_cluster()
    {
        using var sandbox = Sandbox();
        await using (var mik = await StartAsync(sandbox))
        {
            mik.Signal(MikProcess.Sigkill);
            await mik.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        // Started at once: the cluster may still run, with the killed mik's watchdog about to stop it.
        await using var next = await StartAsync(sandbox);
        await ResetCircuitAsync(next, HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_API_key_reaches_no_process_of_the_cluster_and_mik_is_no_superuser()
    {
        var canary = "canary-" + Guid.NewGuid().ToString("N");
        using var sandbox = Sandbox();
        sandbox.Environment["MIK_API_KEY"] = canary;
        var cluster = new EmbeddedCluster(sandbox);
        await using var mik = await StartAsync(sandbox, canary);

        var postmaster = cluster.Postmaster()!.Value.Pid;
        var holders = System.IO.Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != mik.Pid && EnvironmentHolds(pid, canary))
            .Select(pid => $"{pid} ({Comm(pid)})")
            .ToList();
        Assert.True(holders.Count == 0, "the API key is in the environment of " + string.Join(", ", holders));

        var mikPassword = cluster.Password("mik");
        Assert.Equal(false, await cluster.ScalarAsync("mik", mikPassword, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            cluster.ScalarAsync("mik", mikPassword, $"SELECT pg_read_binary_file('/proc/{postmaster}/environ')"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task A_postmaster_stopped_under_mik_is_restarted_and_the_outage_is_logged_once_without_errors()
    {
        using var sandbox = Sandbox();
        var cluster = new EmbeddedCluster(sandbox);
        await using var mik = await StartAsync(sandbox);
        await ResetCircuitAsync(mik, HttpStatusCode.OK);
        var port = cluster.Postmaster()!.Value.Port;

        // While pg_ctl stops it, the test takes the port the moment the postmaster lets it go, and holds it for a
        // while: mik restarts on the same port, so the outage lasts (with restart attempts failing) long enough for
        // the projection daemon to try the database many times.
        var stop = cluster.PgCtlAsync("-m", "fast", "-w", "-s", "stop");
        using var squatter = await TakePortAsync(port);
        await stop;
        await Task.Delay(TimeSpan.FromSeconds(8), Ct);
        squatter.Dispose();
        await EmbeddedCluster.UntilAsync(async () => await ResetCircuitStatusAsync(mik) == HttpStatusCode.OK,
            "an admin write to succeed again", Generous);
        Assert.Equal(port, cluster.Postmaster()!.Value.Port);

        var lines = await LogLines.WaitAsync(mik, l => l.Any(x => x.Is("message", "embedded_postgres_restarted")), "embedded_postgres_restarted");
        Assert.Single(lines, l => l.Is("message", "embedded_postgres_down") && l.Is("level", "WARN"));
        Assert.Single(lines, l => l.Is("message", "embedded_postgres_restart_failed") && l.Is("level", "WARN"));
        Assert.Single(lines, l => l.Is("message", "embedded_postgres_restarted"));
        Assert.Empty(lines.Where(l => l.Is("level", "ERROR")).Select(l => l.ToString()));
    }

    [Fact]
    public async Task A_cluster_made_by_the_previous_version_is_converted_in_place_and_keeps_its_events()
    {
        using var sandbox = Sandbox();
        var cluster = new EmbeddedCluster(sandbox);
        await using (var mik = await StartAsync(sandbox))
        {
            await ResetCircuitAsync(mik, HttpStatusCode.OK);
        }
        await cluster.MakeLikeThePreviousVersionAsync();

        await using var upgraded = await StartAsync(sandbox);
        await ResetCircuitAsync(upgraded, HttpStatusCode.OK);
        var mikPassword = cluster.Password("mik");
        Assert.Equal(false, await cluster.ScalarAsync("mik", mikPassword, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal(2L, await cluster.ScalarAsync("mik", mikPassword, "SELECT count(*) FROM mik.mt_events WHERE type = 'circuit_reset'"));
        Assert.Contains(LogLines.Parse(upgraded.StdoutLines), l => l.Is("message", "embedded_postgres_role_upgraded"));
    }

    [Fact]
    public async Task Db_migrate_and_status_work_on_the_embedded_cluster_as_role_mik_and_leave_it_stopped()
    {
        using var sandbox = Sandbox();
        var cluster = new EmbeddedCluster(sandbox);
        foreach (var (verb, expected) in new[] { ("migrate", "applied 0001_initial.sql"), ("status", "up to date") })
        {
            await using var command = MikProcess.Start(sandbox, "db", verb, "--config", sandbox.ConfigPath);
            Assert.Equal(0, await command.WaitForExitAsync(Generous));
            Assert.Contains(expected, string.Join('\n', command.StdoutLines));
            Assert.Null(cluster.Postmaster());
        }
        Assert.True(File.Exists(Path.Combine(cluster.Directory, "admin.password")));
        Assert.DoesNotContain(System.IO.Directory.GetDirectories("/proc"),
            d => CommandLine(d).Contains("mik-postgres-watchdog") && CommandLine(d).Contains(cluster.Data));
    }

    private static string CommandLine(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "cmdline"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static async Task<TcpListener> TakePortAsync(int port)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return listener;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                listener.Dispose();
                await Task.Delay(2, Ct);
            }
        }
    }

    private static MikSandbox Sandbox()
    {
        var sandbox = new MikSandbox(embeddedDatabase: true);
        sandbox.AddModule("hello");
        sandbox.Environment["MIK_API_KEY"] = ApiKey;
        return sandbox;
    }

    /// <summary>Starts mik and waits until its event store is up (migrations applied).</summary>
    private static async Task<MikProcess> StartAsync(MikSandbox sandbox, string apiKey = ApiKey)
    {
        var mik = MikProcess.Start(sandbox);
        mik.Admin.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        await mik.WaitReadyAsync(TimeSpan.FromSeconds(120));
        await EmbeddedCluster.UntilAsync(async () =>
                (await mik.Runtime.GetFromJsonAsync<JsonElement>("/health", Ct)).GetProperty("event_store").GetString() == "ok",
            "the event store to be up", Generous);
        return mik;
    }

    private static async Task ResetCircuitAsync(MikProcess mik, HttpStatusCode expected) =>
        Assert.Equal(expected, await ResetCircuitStatusAsync(mik));

    private static async Task<HttpStatusCode> ResetCircuitStatusAsync(MikProcess mik)
    {
        using var response = await mik.Admin.PostAsync("/circuits/hello/reset", null, Ct);
        return response.StatusCode;
    }

    private static bool EnvironmentHolds(int pid, string value)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Contains(value, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
