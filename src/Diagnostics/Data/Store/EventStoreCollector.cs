using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Data.Live;
using Npgsql;

namespace Mik.Durable.Diagnostics.Data.Store;

/// <summary>
/// <c>event_store</c>: can the event store be reached, is mik's schema migrated, and what waits in the audit spool
/// (<c>event_store.json</c>). The same live or stopped: the store is asked directly, the spool read from disk; an
/// unreachable store is a finding in the file, not a failed collector.
/// </summary>
internal sealed class EventStoreCollector : ICollector
{
    private const string HistoryTable = "mik_migrations";

    public string Name => "event_store";

    public TimeSpan Timeout => TimeSpan.FromSeconds(20);

    public async Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken)
    {
        var spool = SpoolInspector.Inspect(context.Config.Config);
        var schema = StoreAccess.Schema(context);
        NpgsqlConnection? connection;
        try
        {
            connection = await StoreAccess.OpenAsync(context, cancellationToken);
        }
        catch (StoreUnreachableException e)
        {
            output.AddJson(DataFiles.EventStore, await UnreachableAsync(context, e.Message, schema, spool, cancellationToken));
            return;
        }
        if (connection is null)
        {
            output.AddJson(DataFiles.EventStore, await UnreachableAsync(context, context.EventStoreUnavailableReason, schema, spool, cancellationToken));
            return;
        }
        await using (connection)
        {
            var history = await HistoryAsync(connection, schema, cancellationToken);
            var shipped = context.ShippedMigrations;
            var applied = shipped.Keys.Where(n => history.TryGetValue(n, out var sha) && sha == shipped[n]).Order(StringComparer.Ordinal).ToList();
            var pending = shipped.Keys.Where(n => !history.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
            var changed = shipped.Keys.Where(n => history.TryGetValue(n, out var sha) && sha != shipped[n]).Order(StringComparer.Ordinal).ToList();
            output.AddJson(DataFiles.EventStore, new EventStoreReport(true, null, schema, pending.Count == 0 && changed.Count == 0 && history.Count > 0,
                applied, pending, changed, spool));
        }
    }

    private static async Task<EventStoreReport> UnreachableAsync(CollectContext context, string reason, string schema, SpoolReport spool,
        CancellationToken cancellationToken)
    {
        var embedded = context.Config.Config.Database.Url.Length == 0;
        bool? running = null;
        if (embedded)
        {
            using var admin = new AdminApi(context);
            running = await admin.AnswersAsync(cancellationToken);
        }
        return new EventStoreReport(false, reason, schema, null, [], [], [], spool, embedded, running);
    }

    private static async Task<Dictionary<string, string>> HistoryAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var history = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("table", $"{schema}.{HistoryTable}");
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true) return history;
        await using var command = new NpgsqlCommand($"SELECT name, sha256 FROM {schema}.{HistoryTable}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) history[reader.GetString(0)] = reader.GetString(1);
        return history;
    }
}
