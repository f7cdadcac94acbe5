using System.Diagnostics;
using Marten;
using Mik.Durable.Domain.Deployments;
using Npgsql;

namespace Mik.Durable.ClusterBench;

/// <summary>
/// The periodic catch-up read that makes a missed notification only a delay: deployment events after the last
/// sequence number an instance has applied, on an event table mostly full of other (request) events.
/// </summary>
internal static class CatchUpBench
{
    public static async Task RunAsync(IDocumentStore store, NpgsqlDataSource db, string schema, int events)
    {
        const int batch = 5000;
        var at = DateTimeOffset.UtcNow;
        for (var written = 0; written < events; written += batch)
        {
            await using var session = store.LightweightSession();
            for (var i = written; i < Math.Min(events, written + batch); i++)
            {
                // One deployment per 1,000 events; the rest is what the audit trail mostly holds.
                if (i % 1000 == 999)
                    session.Events.Append("module:m" + (i % 7), new ModuleDeployed("m" + (i % 7), at, i.ToString("x64"), 1, DeploySources.Api, "bench"));
                else
                    session.Events.Append("req:" + (i / batch), new BenchRequestServed("m" + (i % 7), at.AddTicks(i), 200, 1));
            }
            await session.SaveChangesAsync();
        }
        await using (var analyze = db.CreateCommand($"analyze {schema}.mt_events")) await analyze.ExecuteNonQueryAsync();
        long max;
        await using (var maxCommand = db.CreateCommand($"select max(seq_id), count(*) from {schema}.mt_events"))
        await using (var reader = await maxCommand.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            max = reader.GetInt64(0);
            Console.WriteLine($"catchup table_events={reader.GetInt64(1)}");
        }
        await TimeStreamVersionsAsync(db, schema);
        string[] types = ["module_deployed", "module_removed"];
        var sql = $"select seq_id, type, data from {schema}.mt_events where seq_id > $1 and type = any($2) order by seq_id limit 100";

        foreach (var (name, behind) in new[] { ("caught_up", 0L), ("behind_1000", 1000L), ("from_start", max) })
        {
            await using var connection = await db.OpenConnectionAsync();
            var timings = new List<double>();
            var rows = 0;
            for (var i = -20; i < 1000; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.AddWithValue(max - behind);
                command.Parameters.AddWithValue(types);
                rows = 0;
                await using (var reader = await command.ExecuteReaderAsync()) while (await reader.ReadAsync()) rows++;
                if (i >= 0) timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            Console.WriteLine($"catchup {name} rows={rows} {Stats.Summary(timings)}");
            await using var explain = new NpgsqlCommand("explain (analyze, buffers, costs off, timing off) " + sql, connection);
            explain.Parameters.AddWithValue(max - behind);
            explain.Parameters.AddWithValue(types);
            await using var plan = await explain.ExecuteReaderAsync();
            while (await plan.ReadAsync()) Console.WriteLine($"plan {name} | {plan.GetString(0)}");
        }
        }

    /// <summary>
    /// The gap-free alternative (docs/operations.md, Convergence: the catch-up reads stream versions, not seq_id): every module stream's version, updated in the
    /// deploy's own transaction, so a late commit with a lower seq_id is still seen.
    /// </summary>
    private static async Task TimeStreamVersionsAsync(NpgsqlDataSource db, string schema)
    {
        await using var connection = await db.OpenConnectionAsync();
        var sql = $"select id, version from {schema}.mt_streams where id like 'module:%'";
        var timings = new List<double>();
        var rows = 0;
        for (var i = -20; i < 1000; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var command = new NpgsqlCommand(sql, connection);
            rows = 0;
            await using (var reader = await command.ExecuteReaderAsync()) while (await reader.ReadAsync()) rows++;
            if (i >= 0) timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        await using var streams = new NpgsqlCommand($"select count(*) from {schema}.mt_streams", connection);
        Console.WriteLine($"catchup stream_versions rows={rows} streams={await streams.ExecuteScalarAsync()} {Stats.Summary(timings)}");
    }
}
