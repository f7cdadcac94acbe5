// Groundwork figures for issue 17 (deploy once, served everywhere), against a real PostgreSQL:
//   ClusterBench <connection-string> [rounds=5] [notifies=200] [events=100000]
// 1. module bytes (1, 5, 20 MB) in a bytea table written in the Marten append's transaction, vs a Marten document
// 2. LISTEN/NOTIFY latency from a committing append (pg_notify in its transaction) to another connection's wake-up
// 3. the catch-up read by event sequence on a table of `events` events
// First it checks (no timing) that queued byte inserts commit with the append and that racing deploys have one winner.
// Prints `key=value` lines; docs/operations.md (What a cluster costs PostgreSQL) uses them.
using System.Globalization;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Mik.Durable.ClusterBench;
using Mik.Durable.Domain.Deployments;
using Npgsql;
using Weasel.Core;

var connectionString = args.Length > 0 ? args[0] : throw new ArgumentException("usage: ClusterBench <connection-string> [rounds] [notifies] [events]");
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var notifies = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
var events = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100_000;
var schema = "clusterbench_" + Guid.NewGuid().ToString("N")[..8];

var store = DocumentStore.For(o =>
{
    o.Connection(connectionString);
    o.DatabaseSchemaName = schema;
    o.AutoCreateSchemaObjects = AutoCreate.All;
    // As mik's MikStoreOptions: snake_case JSON, string stream keys, the event type index.
    o.UseSystemTextJsonForSerialization(casing: Casing.SnakeCase);
    o.Events.StreamIdentity = StreamIdentity.AsString;
    o.Events.EnableEventTypeIndex = true;
    o.Events.AddEventType<ModuleDeployed>();
    o.Events.AddEventType<BenchRequestServed>();
    o.Schema.For<ModuleBlob>();
    o.Projections.Add<BenchModuleProjection>(ProjectionLifecycle.Async);
    // As MikStoreOptions: no daemon runs here, and this keeps Marten from printing that it is disabled.
    o.Projections.AsyncMode = DaemonMode.HotCold;
});
await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
await using var dataSource = NpgsqlDataSource.Create(connectionString);
await using (var create = dataSource.CreateCommand(
    $"create table {schema}.module_bytes (sha256 text primary key, size_bytes bigint not null, bytes bytea not null); " +
    // What migrations/ adds by hand in production, so the catch-up read sees the same indexes.
    $"create unique index ux_mt_events_id on {schema}.mt_events (id); " +
    $"create index idx_mt_events_timestamp on {schema}.mt_events (\"timestamp\")"))
{
    await create.ExecuteNonQueryAsync();
}

try
{
    await AtomicityCheck.RunAsync(store, dataSource, schema);
    await StorageBench.RunAsync(store, dataSource, schema, rounds);
    await NotifyBench.RunAsync(store, connectionString, notifies);
    await CatchUpBench.RunAsync(store, dataSource, schema, events);
}
finally
{
    store.Dispose();
    await using var drop = dataSource.CreateCommand($"drop schema {schema} cascade");
    await drop.ExecuteNonQueryAsync();
}
