using Mik.Durable.EndToEnd.Tests.Support;
using static Mik.Durable.EndToEnd.Tests.Diagnostics.DoctorDataRun;

namespace Mik.Durable.EndToEnd.Tests.Diagnostics;

/// <summary><c>mik doctor</c> on the event store, the spool and the logs: PostgreSQL down (mik stopped or running), and a healthy mik.</summary>
public sealed class DoctorDataStoreTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_mik_stopped_and_nothing_listening_at_database_url_event_store_reachable_fails_without_printing_the_password()
    {
        using var sandbox = new MikSandbox(databaseUrl: $"postgres://mik:canary-pg-password@127.0.0.1:{Ports.Free()}/mik");
        sandbox.AddModule("hello");

        var (exit, checks, stdout) = await RunAsync(sandbox, "event_store.", "audit.spool");

        Assert.Equal(1, exit);
        var finding = One(checks, "event_store.reachable", "fail", "PostgreSQL cannot be reached");
        Assert.Contains("systemctl start postgresql", Resolution(finding), StringComparison.Ordinal);
        One(checks, "event_store.migrated", "skip", "PostgreSQL could not be asked");
        One(checks, "audit.spool", "ok", "nothing waits");
        Assert.DoesNotContain("canary-pg-password", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_mik_stopped_its_embedded_PostgreSQL_being_down_too_is_a_skip_not_a_failure()
    {
        using var sandbox = new MikSandbox(embeddedDatabase: true);
        sandbox.AddModule("hello");

        var (exit, checks, _) = await RunAsync(sandbox, "event_store.reachable");

        Assert.Equal(0, exit);
        One(checks, "event_store.reachable", "skip", "embedded PostgreSQL runs only while mik serve does");
    }

    [Fact]
    public async Task With_mik_running_and_its_PostgreSQL_stopped_event_store_reachable_fails()
    {
        await using var pg = await PrivatePostgres.CreateAsync();
        using var sandbox = new MikSandbox(databaseUrl: pg.ConnectionString);
        sandbox.Environment["MIK_API_KEY"] = Key;
        sandbox.AddModule("hello");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync(TimeSpan.FromSeconds(120));
        await mik.WaitEventStoreAsync();
        One((await RunAsync(sandbox, "event_store.reachable")).Checks, "event_store.reachable", "ok", "PostgreSQL answers");

        await pg.StopAsync();
        var (exit, checks, _) = await RunAsync(sandbox, "event_store.reachable");

        Assert.Equal(1, exit);
        var finding = One(checks, "event_store.reachable", "fail", "PostgreSQL cannot be reached");
        Assert.Contains("systemctl start postgresql", Resolution(finding), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_healthy_running_mik_with_its_store_up_every_data_check_is_ok()
    {
        using var sandbox = new MikSandbox(extraToml: "[logging]\nfile = \"log/mik.log\"\n");
        sandbox.Environment["MIK_API_KEY"] = Key;
        sandbox.AddModule("hello");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();
        await mik.WaitEventStoreAsync();
        Assert.Equal("Hello from mik\n", await mik.Runtime.GetStringAsync("/run/hello", Ct));
        // The file sink flushes every second: the doctor is run once the request's line is on disk.
        var until = DateTime.UtcNow + Deadline;
        while (!LoggedRequest(sandbox) && DateTime.UtcNow < until) await Task.Delay(200, Ct);
        Assert.True(LoggedRequest(sandbox), "no request_completed line reached the log file");

        var (exit, checks, stdout) = await RunAsync(sandbox, DataChecks);

        Assert.True(exit == 0, stdout);
        Assert.Equal(DataChecks, checks.Select(c => c.GetProperty("id").GetString()!).Distinct());
        Assert.All(checks, c => Assert.True(c.GetProperty("verdict").GetString() == "ok", c.ToString()));
        One(checks, "logs.slow_handlers", "ok", "none over 1000 ms");
        One(checks, "event_store.migrated", "ok", $"schema {sandbox.Schema} has all");
    }

    private static bool LoggedRequest(MikSandbox sandbox)
    {
        var folder = Path.Combine(sandbox.Directory, "log");
        return Directory.Exists(folder) && Directory.EnumerateFiles(folder, "mik*.log")
            .Any(f => File.ReadAllText(f).Contains("\"request_completed\"", StringComparison.Ordinal));
    }
}
