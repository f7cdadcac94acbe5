using System.Net;
using Mik.Durable.EndToEnd.Tests.Support;
using Npgsql;

namespace Mik.Durable.EndToEnd.Tests.Faults;

/// <summary>
/// <c>kill -9</c> of mik in the middle of replaying its audit spool into PostgreSQL: the next start replays it again
/// and the store ends with each spooled event exactly once (docs/reliability.md, Faults under load). Extends
/// AuditOutageTests, which kills mik while it spools.
/// </summary>
public sealed class KillDuringReplayTests
{
    private const int Events = 500;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kill_9_while_the_spool_is_replayed_stores_every_spooled_event_exactly_once()
    {
        await using var pg = await PrivatePostgres.CreateAsync();
        using var sandbox = new MikSandbox(databaseUrl: pg.ConnectionString, adminToml: "auth_failure_burst = 0");
        sandbox.AddModule("hello");
        sandbox.Environment["MIK_API_KEY"] = "faults-replay-key";
        var spoolFile = Path.Combine(sandbox.StateDirectory, "audit-spool", "events.jsonl");

        await using (var mik = MikProcess.Start(sandbox))
        {
            await mik.WaitEventStoreAsync(TimeSpan.FromSeconds(120));
            await pg.StopAsync();
            await Task.WhenAll(Enumerable.Range(0, 4).Select(client => WrongKeysAsync(mik, client)));
            await FaultStore.EventuallyAsync(() => Task.FromResult(SpooledAuthFailures(spoolFile) == Events),
                $"{Events} auth_failed events in the spool", TimeSpan.FromSeconds(60));
            mik.Signal(MikProcess.Sigkill);
            await mik.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        await pg.StartAsync();
        // The test holds the events table so that the replay's insert waits inside its transaction: the kill then
        // lands in the middle of the replay, every time.
        await using (var holder = new NpgsqlConnection(pg.ConnectionString))
        {
            await holder.OpenAsync(Ct);
            await using var transaction = await holder.BeginTransactionAsync(Ct);
            await using (var lockEvents = new NpgsqlCommand($"lock table {sandbox.Schema}.mt_events in share row exclusive mode", holder, transaction))
                await lockEvents.ExecuteNonQueryAsync(Ct);
            await using var replaying = MikProcess.Start(sandbox);
            string? waiting = null;
            await FaultStore.EventuallyAsync(async () => (waiting = await WaitingQueryAsync(pg, sandbox.Schema)) is not null,
                "the replay to wait on the events table", TimeSpan.FromSeconds(90));
            // Marten appends through its function mt_quick_append_events.
            Assert.Matches("mt_events|append_events", waiting);
            replaying.Signal(MikProcess.Sigkill);
            await replaying.WaitForExitAsync(TimeSpan.FromSeconds(30));
            await transaction.RollbackAsync(Ct);
        }
        Assert.Equal(Events, SpooledAuthFailures(spoolFile));

        await using var restarted = MikProcess.Start(sandbox);
        await restarted.WaitReadyAsync(TimeSpan.FromSeconds(120));
        List<(Guid Id, string Stream, string Data)> stored = [];
        await FaultStore.EventuallyAsync(async () =>
        {
            stored = await FaultStore.EventsAsync(pg.ConnectionString, sandbox.Schema, "auth_failed");
            return !File.Exists(spoolFile) && stored.Count >= Events;
        }, "the spool to be replayed", TimeSpan.FromSeconds(90));
        Assert.Equal(Events, stored.Count);
        Assert.Equal(Events, stored.Select(e => e.Id).Distinct().Count());
        Assert.Empty(FolderLeftovers.TemporaryFiles(sandbox.ModulesDirectory, sandbox.StateDirectory));
        TestContext.Current.TestOutputHelper?.WriteLine($"{Events} spooled, killed mid-replay, {stored.Count} stored once each; events lost 0");
    }

    private static async Task WrongKeysAsync(MikProcess mik, int client)
    {
        for (var n = client; n < Events; n += 4)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/x/" + n);
            request.Headers.Add("X-API-Key", "wrong-" + n);
            using var response = await mik.Admin.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    /// <summary>The query of a session other than the test's that waits for a lock on the sandbox's schema, if any.</summary>
    private static async Task<string?> WaitingQueryAsync(PrivatePostgres pg, string schema)
    {
        await using var db = new NpgsqlConnection(pg.ConnectionString);
        await db.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "select query from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid() and query ilike '%' || @schema || '%' limit 1", db);
        command.Parameters.AddWithValue("schema", schema);
        return await command.ExecuteScalarAsync(Ct) as string;
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
}
