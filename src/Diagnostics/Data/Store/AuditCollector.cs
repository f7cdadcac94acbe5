using System.Globalization;
using System.Text;
using System.Text.Json;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Data.Live;
using Npgsql;

namespace Mik.Durable.Diagnostics.Data.Store;

/// <summary>
/// <c>audit</c>: the audit events of [Since, Until] (<c>audit/events.jsonl</c>), oldest first, each written field by
/// field. From the admin API while mik runs (it knows the store's state best), else straight from the event store.
/// </summary>
internal sealed class AuditCollector : ICollector
{
    /// <summary>The most events one bundle carries; the newest are kept.</summary>
    public const int MaxEvents = 10_000;

    public string Name => "audit";

    public TimeSpan Timeout => TimeSpan.FromSeconds(30);

    public async Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken)
    {
        using var admin = new AdminApi(context);
        var answers = await admin.AnswersAsync(cancellationToken);
        var lines = answers && admin.MayAsk
            ? await FromAdminAsync(admin, context, cancellationToken)
            : await FromStoreAsync(context, answers, cancellationToken);
        var text = new StringBuilder();
        foreach (var line in lines.OrderBy(l => l.Timestamp).ThenBy(l => l.Seq))
            text.Append(JsonSerializer.Serialize(line, JsonLine)).Append('\n');
        output.AddText(DataFiles.Audit, text.ToString());
    }

    // Relaxed escaping: a line is read by jq and people, not embedded in HTML; "+00:00" stays readable.
    private static readonly JsonSerializerOptions JsonLine = new(EvidenceJson.Options)
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static async Task<List<AuditLine>> FromAdminAsync(AdminApi admin, CollectContext context, CancellationToken cancellationToken)
    {
        var lines = new List<AuditLine>();
        string? after = null;
        var window = $"since={Uri.EscapeDataString(Iso(context.Since))}&until={Uri.EscapeDataString(Iso(context.Until))}&limit=1000";
        do
        {
            var page = await admin.GetJsonAsync("audit?" + window + (after is null ? "" : "&after=" + Uri.EscapeDataString(after)), cancellationToken);
            foreach (var e in page.GetProperty("events").EnumerateArray())
            {
                lines.Add(new AuditLine(e.GetProperty("sequence").GetInt64(), e.GetProperty("type").GetString() ?? "",
                    e.GetProperty("stream").GetString() ?? "", e.GetProperty("timestamp").GetDateTimeOffset(), e.GetProperty("data").Clone()));
            }
            after = page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (after is not null && lines.Count < MaxEvents);
        return lines;
    }

    private static async Task<List<AuditLine>> FromStoreAsync(CollectContext context, bool answers, CancellationToken cancellationToken)
    {
        await using var connection = await StoreAccess.OpenAsync(context, cancellationToken)
            ?? throw new CollectorSkippedException(StoppedReason.StoreUnavailable(context, answers));
        var schema = StoreAccess.Schema(context);
        await using var command = new NpgsqlCommand(
            $"SELECT seq_id, type, stream_id, timestamp, data::text FROM {schema}.mt_events " +
            "WHERE timestamp >= @since AND timestamp <= @until ORDER BY timestamp DESC, seq_id DESC LIMIT @limit", connection);
        command.Parameters.AddWithValue("since", context.Since.UtcDateTime);
        command.Parameters.AddWithValue("until", context.Until.UtcDateTime);
        command.Parameters.AddWithValue("limit", MaxEvents);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<AuditLine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            using var data = JsonDocument.Parse(reader.GetString(4));
            lines.Add(new AuditLine(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), data.RootElement.Clone()));
        }
        return lines;
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
