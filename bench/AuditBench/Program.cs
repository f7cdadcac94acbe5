// Sustained throughput of the real audit pipeline (AuditQueue → AuditWriter → Marten) against a real PostgreSQL.
//   AuditBench <connection-string> [events=200000] [batch=1000]
// Prints one line: events, seconds from the first Record to the last commit, events/s, batch size, and CPU
// microseconds per event of this process and (with MIK_BENCH_PG_PID, the postmaster's pid) of PostgreSQL.
using System.Diagnostics;
using System.Globalization;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Api.EventStore;
using Mik.Durable.AuditBench;
using Npgsql;

var connectionString = args.Length > 0 ? args[0] : throw new ArgumentException("usage: AuditBench <connection-string> [events] [batch]");
var total = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
var batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : new AuditOptions { SpoolDir = "" }.BatchSize;
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
var options = new AuditOptions { SpoolDir = spoolDir, BatchSize = batch };
var queue = new AuditQueue(options, TimeProvider.System, NullLoggerFactory.Instance);
using var spool = new AuditSpool(options.SpoolDir, options.SpoolMaxBytes);
var schemaStatus = new EventStoreStatus();
schemaStatus.MarkSchemaReady();
using var writer = new AuditWriter(queue, spool, new AuditStore(store), schemaStatus, options, TimeProvider.System, NullLoggerFactory.Instance);
await writer.StartAsync(CancellationToken.None);

int? postmaster = Environment.GetEnvironmentVariable("MIK_BENCH_PG_PID") is { Length: > 0 } p ? int.Parse(p, CultureInfo.InvariantCulture) : null;
// Backends are counted by the postmaster once they exit: let the schema set-up's go before the clock starts.
await Task.Delay(200);
var cpu0 = CpuTime.Now(postmaster);
var written0 = AuditMetrics.Written.Value;
var started = Stopwatch.GetTimestamp();
var at = DateTimeOffset.UtcNow;
for (long i = 0; i < total; i++)
{
    // The writer is what is measured: never let the producer overrun the queue (a full queue drops events).
    // Sleeping, not spinning: the producer's CPU would otherwise be taken from the writer on a small machine.
    while (queue.Count >= options.QueueCapacity / 2) Thread.Sleep(1);
    queue.Record(BenchEvents.Make(i, at.AddTicks(i)));
}
while (AuditMetrics.Written.Value - written0 < total)
{
    if (spool.HasPending || AuditMetrics.Spooled.Value > 0) throw new InvalidOperationException("the writer spooled: the store failed during the run");
    await Task.Delay(10);
}
var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
await writer.StopAsync(CancellationToken.None);
// Disposing the store closes its connections, so the postmaster has reaped (and counted) their backends.
store.Dispose();
await Task.Delay(200);
var cpu = CpuTime.Now(postmaster).Since(cpu0);

await using (var db = new NpgsqlConnection(connectionString))
{
    await db.OpenAsync();
    await using var count = new NpgsqlCommand($"select count(*) from {schema}.mt_events", db);
    var stored = (long)(await count.ExecuteScalarAsync())!;
    if (stored != total) throw new InvalidOperationException($"{stored} events stored, {total} recorded");
    await using var drop = new NpgsqlCommand($"drop schema {schema} cascade", db);
    await drop.ExecuteNonQueryAsync();
}
Directory.Delete(spoolDir, recursive: true);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"events={total} seconds={seconds:F2} events_per_sec={total / seconds:F0} batch={batch} " +
    $"client_cpu_us_per_event={cpu.Client * 1e6 / total:F1} pg_cpu_us_per_event={cpu.Server * 1e6 / total:F1}"));
