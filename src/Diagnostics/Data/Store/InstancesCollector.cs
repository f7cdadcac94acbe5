using System.Text.Json;
using System.Text.Json.Nodes;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Data.Live;
using Npgsql;

namespace Mik.Durable.Diagnostics.Data.Store;

/// <summary>
/// <c>instances</c>: every mik instance sharing the database (<c>instances.json</c>: <c>{ "source", "instances" }</c>).
/// Live: <c>GET /instances</c> as the server answers it (<c>source: admin_api</c>). Stopped: the instance projection and
/// heartbeats straight from the store (<c>source: event_store</c>), without the status the server would work out.
/// </summary>
internal sealed class InstancesCollector : ICollector
{
    public string Name => "instances";

    public TimeSpan Timeout => TimeSpan.FromSeconds(20);

    public async Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken)
    {
        using var admin = new AdminApi(context);
        var answers = await admin.AnswersAsync(cancellationToken);
        if (answers && admin.MayAsk)
        {
            output.AddJson(DataFiles.Instances, new { Source = "admin_api", Instances = await admin.GetJsonAsync("instances", cancellationToken) });
            return;
        }
        await using var connection = await StoreAccess.OpenAsync(context, cancellationToken)
            ?? throw new CollectorSkippedException(StoppedReason.StoreUnavailable(context, answers));
        var schema = StoreAccess.Schema(context);
        var beats = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var beat in await DocumentsAsync(connection, schema, "mt_doc_instanceheartbeat", cancellationToken))
            if (beat["id"]?.GetValue<string>() is { } id) beats[id] = beat["last_seen"]?.DeepClone();
        var instances = new JsonArray();
        foreach (var view in await DocumentsAsync(connection, schema, "mt_doc_instanceview", cancellationToken))
        {
            var id = view["instance_id"]?.GetValue<string>() ?? "";
            instances.Add(new JsonObject
            {
                ["id"] = id,
                ["host"] = view["host"]?.DeepClone(),
                ["pid"] = view["pid"]?.DeepClone(),
                ["ports"] = view["ports"]?.DeepClone(),
                ["version"] = view["version"]?.DeepClone(),
                ["started_at"] = view["started_at"]?.DeepClone(),
                ["last_seen"] = beats.GetValueOrDefault(id)?.DeepClone(),
                ["stopped_at"] = view["stopped_at"]?.DeepClone(),
                ["stop_reason"] = view["stop_reason"]?.DeepClone(),
                ["pruned_at"] = view["pruned_at"]?.DeepClone(),
            });
        }
        output.AddJson(DataFiles.Instances, new JsonObject { ["source"] = "event_store", ["instances"] = instances });
    }

    private static async Task<List<JsonObject>> DocumentsAsync(NpgsqlConnection connection, string schema, string table, CancellationToken cancellationToken)
    {
        var documents = new List<JsonObject>();
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("table", $"{schema}.{table}");
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true) return documents;
        await using var command = new NpgsqlCommand($"SELECT data::text FROM {schema}.{table} ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            if (JsonNode.Parse(reader.GetString(0)) is JsonObject document) documents.Add(document);
        return documents;
    }
}
