using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;
using Npgsql;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// The fault test of the audit trail: PostgreSQL goes away while mik serves, audit-worthy requests keep coming,
/// mik is killed with SIGKILL, then both come back. Runs the published binary against a PostgreSQL of its own.
/// </summary>
public sealed class AuditOutageTests
{
    private const int Events = 1000;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Audit_events_raised_while_PostgreSQL_is_down_survive_a_kill_9_and_are_stored_once_and_in_order()
    {
        await using var pg = await PrivatePostgres.CreateAsync();
        // Every refusal here must be a 401/403 from one address; throttling them (ThrottleTests) is off for this test.
        using var sandbox = new MikSandbox(databaseUrl: pg.ConnectionString, adminToml: "auth_failure_burst = 0");
        sandbox.AddModule("hello");
        sandbox.Environment["MIK_API_KEY"] = "outage-test-key";
        var spoolFile = Path.Combine(sandbox.Directory, "state", "audit-spool", "events.jsonl");

        await using (var mik = MikProcess.Start(sandbox))
        {
            await mik.WaitReadyAsync(TimeSpan.FromSeconds(120));
            // However mik creates its schema (applied once the database answers, or migrations at start-up), the
            // outage starts once it has: the test never creates it itself.
            await EventuallyAsync(() => TableExistsAsync(pg, sandbox.Schema), "mik's event tables", TimeSpan.FromSeconds(60));
            await pg.StopAsync();

            using var serving = new CancellationTokenSource();
            var hello = ServeHelloAsync(mik.Runtime, serving.Token);
            for (var n = 0; n < Events; n++)
            {
                // One request at a time, so the recording order is n; every tenth without a key (401), the rest wrong (403).
                using var request = new HttpRequestMessage(HttpMethod.Get, "/x/" + n);
                if (n % 10 != 0) request.Headers.Add("X-API-Key", "wrong-key-" + n);
                using var response = await mik.Admin.SendAsync(request, Ct);
                Assert.Equal(n % 10 == 0 ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, response.StatusCode);
            }
            await serving.CancelAsync();
            var statuses = await hello;
            Assert.True(statuses.Count >= 5, $"only {statuses.Count} handler requests were served during the outage");
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));

            string metrics = "";
            await EventuallyAsync(async () =>
            {
                metrics = await mik.Admin.GetStringAsync("/metrics", Ct);
                return MetricsText.Value(metrics, "mik_audit_events_spooled_total") >= Events && SpooledAuthFailures(spoolFile) == Events;
            }, $"{Events} events in the spool", TimeSpan.FromSeconds(60));
            Assert.Equal(Events / 10, MetricsText.Value(metrics, "mik_auth_failures_total{reason=\"missing_key\"}"));
            Assert.Equal(Events - Events / 10, MetricsText.Value(metrics, "mik_auth_failures_total{reason=\"invalid_key\"}"));

            mik.Signal(MikProcess.Sigkill);
            await mik.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        Assert.Equal(Events, SpooledAuthFailures(spoolFile));

        await pg.StartAsync();
        await using var restarted = MikProcess.Start(sandbox);
        await restarted.WaitReadyAsync(TimeSpan.FromSeconds(120));
        await EventuallyAsync(async () => !File.Exists(spoolFile) && (await StoredAsync(pg, sandbox.Schema)).Count >= Events,
            "the spool to be replayed into the store", TimeSpan.FromSeconds(90));

        var stored = await StoredAsync(pg, sandbox.Schema);
        Assert.Equal(Events, stored.Count);
        Assert.Equal(Events, stored.Select(e => e.Id).Distinct().Count());
        Assert.All(stored, e => Assert.StartsWith("auth:", e.Stream));
        Assert.Equal(Enumerable.Range(0, Events).Select(n => "/x/" + n), stored.Select(e => e.Path));
        var logs = LogLines.Parse(restarted.StdoutLines);
        Assert.Contains(logs, l => l.Is("message", "audit_spool_found"));
    }

    private static async Task<List<HttpStatusCode>> ServeHelloAsync(HttpClient runtime, CancellationToken stop)
    {
        var statuses = new List<HttpStatusCode>();
        do
        {
            using var response = await runtime.GetAsync("/run/hello/", Ct);
            statuses.Add(response.StatusCode);
            await Task.Delay(10, Ct);
        }
        while (!stop.IsCancellationRequested);
        return statuses;
    }

    private static int SpooledAuthFailures(string spoolFile)
    {
        if (!File.Exists(spoolFile)) return 0;
        using var stream = new FileStream(spoolFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains("\"type\":\"auth_failed\"", StringComparison.Ordinal)) count++;
        }
        return count;
    }

    private static async Task<bool> TableExistsAsync(PrivatePostgres pg, string schema)
    {
        await using var db = new NpgsqlConnection(pg.ConnectionString);
        await db.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("select to_regclass(@table) is not null", db);
        command.Parameters.AddWithValue("table", schema + ".mt_events");
        return (bool)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>The stored <c>auth_failed</c> events, each stream in version order, the days' streams in date order.</summary>
    private static async Task<List<(Guid Id, string Stream, string Path)>> StoredAsync(PrivatePostgres pg, string schema)
    {
        await using var db = new NpgsqlConnection(pg.ConnectionString);
        await db.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            $"select id, stream_id, data->>'path' from {schema}.mt_events where type = 'auth_failed' order by stream_id, version", db);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var events = new List<(Guid, string, string)>();
        while (await reader.ReadAsync(Ct)) events.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        return events;
    }

    private static async Task<bool> HoldsAsync(Func<Task<bool>> condition)
    {
        try
        {
            return await condition();
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await HoldsAsync(condition))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for " + what);
            await Task.Delay(100, Ct);
        }
    }
}
