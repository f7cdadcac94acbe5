// Sustained throughput of the real audit pipeline (AuditQueue → AuditWriter → Marten) against a real PostgreSQL.
//   AuditBench <connection-string> [events=200000] [batch=the writer's default] [--lanes N] [--marten]
// --lanes: the writer's AuditOptions.AppendLanes (default its default); --marten: the baseline instead, the same
// events through Marten's own batched appends with no queue or writer (MartenAlone).
// Prints one line: mode, events, seconds from the first Record to the last commit, events/s, batch size, and CPU
// microseconds per event of this process and (with MIK_BENCH_PG_PID, the postmaster's pid) of PostgreSQL.
using System.Diagnostics;
using System.Globalization;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Api.EventStore;
using Mik.Durable.AuditBench;
using Npgsql;

var martenAlone = args.Contains("--marten");
var lanesAt = Array.IndexOf(args, "--lanes");
var lanes = lanesAt >= 0 ? int.Parse(args[lanesAt + 1], CultureInfo.InvariantCulture) : AuditOptions.DefaultAppendLanes;
var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (lanesAt < 0 || i != lanesAt + 1)).ToArray();
var connectionString = positional.Length > 0 ? positional[0] : throw new ArgumentException("usage: AuditBench <connection-string> [events] [batch] [--lanes N] [--marten]");
var total = positional.Length > 1 ? int.Parse(positional[1], CultureInfo.InvariantCulture) : 200_000;
var batch = positional.Length > 2 ? int.Parse(positional[2], CultureInfo.InvariantCulture) : new AuditOptions { SpoolDir = "" }.BatchSize;
var schema = "bench_" + Guid.NewGuid().ToString("N")[..8];

using (var setup = new DocumentStore(MikStoreOptions.Create(connectionString, schema)))
{
    await setup.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
}
await using (var db = new NpgsqlConnection(connectionString))
{
    // The indexes migrations/ adds by hand (MikStoreOptions.MigrationOnlyIndexes): production pays for them per event.
    await db.OpenAsync();
    await using var indexes = new NpgsqlCommand(
        $"create unique index ux_mt_events_id on {schema}.mt_events (id); " +
        $"create index idx_mt_events_timestamp on {schema}.mt_events (\"timestamp\")", db);
    await indexes.ExecuteNonQueryAsync();
}
var store = new DocumentStore(MikStoreOptions.Create(connectionString, schema));

var spoolDir = Directory.CreateTempSubdirectory("mik-auditbench-").FullName;
var options = new AuditOptions { SpoolDir = spoolDir, BatchSize = batch, AppendLanes = lanes };
var queue = new AuditQueue(options, TimeProvider.System, NullLoggerFactory.Instance);
using var spool = new AuditSpool(options.SpoolDir, options.SpoolMaxBytes);
var schemaStatus = new EventStoreStatus();
schemaStatus.MarkSchemaReady();
using var writer = new AuditWriter(queue, spool, new AuditStore(store, lanes), schemaStatus, options, TimeProvider.System, NullLoggerFactory.Instance);
if (!martenAlone) await writer.StartAsync(CancellationToken.None);

int? postmaster = Environment.GetEnvironmentVariable("MIK_BENCH_PG_PID") is { Length: > 0 } p ? int.Parse(p, CultureInfo.InvariantCulture) : null;
var at = DateTimeOffset.UtcNow;
// Four batches through the same path before the clock, then a second for the JIT's background tier-1 compiles:
// Marten generates and compiles its storage code on first use, and the JIT compiles the path twice (tier 0, then
// optimised), once per process. Left in, that is 1-2 s of CPU counted as "per event" (a run of 60,000 events showed
// three times the steady cost per event on the bench's side); a long-running mik pays it once at start-up.
var warmup = Math.Min(4L * batch, total);
await FeedAsync(total, warmup);
await Task.Delay(1000);
// Backends are counted by the postmaster once they exit: let the set-up's and the warm-up's go before the clock starts.
NpgsqlConnection.ClearAllPools();
await Task.Delay(200);
var cpu0 = CpuTime.Now(postmaster);
var started = Stopwatch.GetTimestamp();
await FeedAsync(0, total);
var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
if (!martenAlone) await writer.StopAsync(CancellationToken.None);
// Disposing the store closes its connections, so the postmaster has reaped (and counted) their backends.
store.Dispose();
await Task.Delay(200);
var cpu = CpuTime.Now(postmaster).Since(cpu0);

await using (var db = new NpgsqlConnection(connectionString))
{
    await db.OpenAsync();
    await using var count = new NpgsqlCommand($"select count(*) from {schema}.mt_events", db);
    var stored = (long)(await count.ExecuteScalarAsync())!;
    if (stored != total + warmup) throw new InvalidOperationException($"{stored} events stored, {total + warmup} recorded");
    await using var drop = new NpgsqlCommand($"drop schema {schema} cascade", db);
    await drop.ExecuteNonQueryAsync();
}
Directory.Delete(spoolDir, recursive: true);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"mode={(martenAlone ? "marten" : "writer")} lanes={(martenAlone ? 1 : lanes)} events={total} seconds={seconds:F2} events_per_sec={total / seconds:F0} batch={batch} " +
    $"client_cpu_us_per_event={cpu.Client * 1e6 / total:F1} pg_cpu_us_per_event={cpu.Server * 1e6 / total:F1}"));
return;

// Events first .. first + count - 1 through the mode's path, back when the store has them all.
async Task FeedAsync(long first, long count)
{
    if (martenAlone)
    {
        await MartenAlone.RunAsync(store, first, count, batch, at);
        return;
    }
    var written0 = AuditMetrics.Written.Value;
    for (var i = first; i < first + count; i++)
    {
        // The writer is what is measured: never let the producer overrun the queue (a full queue drops events).
        // Sleeping, not spinning: the producer's CPU would otherwise be taken from the writer on a small machine.
        while (queue.Count >= options.QueueCapacity / 2) Thread.Sleep(1);
        queue.Record(BenchEvents.Make(i, at.AddTicks(i)));
    }
    while (AuditMetrics.Written.Value - written0 < count)
    {
        if (spool.HasPending || AuditMetrics.Spooled.Value > 0) throw new InvalidOperationException("the writer spooled: the store failed during the run");
        await Task.Delay(10);
    }
}
