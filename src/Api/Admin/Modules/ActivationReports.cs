using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Configuration;
using Npgsql;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// What each instance last reported for some modules, read from <c>mt_events</c>: the reports are on the module's
/// stream, so the read touches those modules' events only (their deployments times the instances), which an admin
/// read can afford (docs/operations.md, Rollback).
/// </summary>
internal sealed class ActivationReports(EventStoreConnection connection, MikConfig config)
{
    private static readonly string Activated = AuditEventTypes.NameOf(typeof(ModuleActivated));
    private static readonly string Failed = AuditEventTypes.NameOf(typeof(ModuleActivationFailed));

    /// <summary>Per instance and module, the newest report of each kind (at most two rows per pair).</summary>
    public async Task<IReadOnlyList<ActivationReport>> LatestAsync(IReadOnlyList<string> modules, CancellationToken cancellationToken)
    {
        var schema = config.Database.Schema;
        await using var db = new NpgsqlConnection(connection.ConnectionString);
        await db.OpenAsync(cancellationToken);
        await using var read = new NpgsqlCommand(
            "select distinct on (data->>'instance', data->>'module', type) type, data->>'instance', data->>'module', "
            + "coalesce(data->>'sha256', ''), data->>'reason', timestamp, seq_id "
            + $"from {schema}.mt_events where stream_id = any($2) and type = any($1) "
            + "order by data->>'instance', data->>'module', type, seq_id desc", db);
        read.Parameters.AddWithValue(new[] { Activated, Failed });
        read.Parameters.AddWithValue(modules.Select(AuditStreams.Module).ToArray());
        var reports = new List<ActivationReport>();
        await using var rows = await read.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            reports.Add(new ActivationReport(rows.GetString(1), rows.GetString(2), rows.GetString(0) == Failed, rows.GetString(3),
                rows.IsDBNull(4) ? null : rows.GetString(4), rows.GetFieldValue<DateTimeOffset>(5), rows.GetInt64(6)));
        }
        return reports;
    }
}
