using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Api.EventStore.Projections;
using Weasel.Core;

namespace Mik.Durable.Api.EventStore;

/// <summary>
/// The one Marten configuration of mik, shared by <c>mik serve</c>, <c>mik db</c> and the schema-drift test so
/// that the committed migrations describe exactly what the server expects.
/// </summary>
internal static class MikStoreOptions
{
    /// <summary>Hand-made indexes that live in <c>migrations/</c>; Marten must neither create nor drop them.</summary>
    public static IReadOnlyList<string> MigrationOnlyIndexes { get; } = ["idx_mt_events_timestamp", "ux_mt_events_id"];

    public static StoreOptions Create(string connectionString, string schema)
    {
        var options = new StoreOptions();
        options.Connection(connectionString);
        options.DatabaseSchemaName = schema;
        // The schema comes from migrations/ (mik db migrate, or serve at start-up), never from lazy DDL.
        options.AutoCreateSchemaObjects = AutoCreate.None;
        options.UseSystemTextJsonForSerialization(casing: Casing.SnakeCase);
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.EnableEventTypeIndex = true;
        foreach (var index in MigrationOnlyIndexes) options.Events.IgnoreIndex(index);
        foreach (var type in AuditEventTypes.All) options.Events.AddEventType(type);
        options.Projections.Add<ModuleProjection>(ProjectionLifecycle.Async);
        options.Projections.Add<BreakerProjection>(ProjectionLifecycle.Async);
        options.Projections.Add<InstanceProjection>(ProjectionLifecycle.Async);
        options.Schema.For<InstanceHeartbeat>();
        // What AddAsyncDaemon(HotCold) sets for serve, set here too so that mik db and the schema tools build the
        // very same store (and Marten does not print "the async daemon is disabled" from them).
        options.Projections.AsyncMode = DaemonMode.HotCold;
        // HotCold takes an advisory lock per database; its extra pg_sleep monitor connection is not needed.
        options.Events.UseMonitoredAdvisoryLock = false;
        return options;
    }
}
