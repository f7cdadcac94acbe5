using System.Globalization;
using System.Text.Json;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// <c>mik diag inspect --timeline</c>: the log lines of <c>logs/*</c>, the audit events and the metric changes in one
/// list ordered by time (stable: equal times keep logs, then audit, then metrics, each in file order). Prometheus text
/// carries no time, so a change between the two samples is dated when collection ended.
/// </summary>
public static class Timeline
{
    public static IReadOnlyList<TimelineEntry> Build(Evidence evidence, BundleManifest manifest)
    {
        var entries = new List<TimelineEntry>();
        foreach (var (path, _) in evidence.Files.Where(f => f.Key.StartsWith("logs/", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
            foreach (var line in (evidence.Text(path) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (LogEntry(path, line) is { } entry) entries.Add(entry);
        foreach (var audit in AuditLine.Parse(evidence.Text("audit/events.jsonl")))
            entries.Add(new TimelineEntry(audit.Timestamp, "audit", $"{audit.Type} {audit.Stream} {audit.Data}".TrimEnd()));
        entries.AddRange(MetricChanges(evidence).Select(change => new TimelineEntry(manifest.Collected.Until, "metrics", change)));
        return [.. entries.OrderBy(e => e.At)];
    }

    /// <summary>Each <c>mik_*</c> series whose value differs between <c>metrics/start.prom</c> and <c>metrics/end.prom</c> (histogram buckets left out).</summary>
    public static IReadOnlyList<string> MetricChanges(Evidence evidence)
    {
        if (!evidence.Has("metrics/start.prom") || !evidence.Has("metrics/end.prom")) return [];
        var start = PrometheusText.Parse(evidence.Text("metrics/start.prom"));
        var end = PrometheusText.Parse(evidence.Text("metrics/end.prom"));
        var changes = new List<string>();
        foreach (var (series, sample) in end.Samples.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!sample.Name.StartsWith("mik_", StringComparison.Ordinal) || sample.Name.EndsWith("_bucket", StringComparison.Ordinal)) continue;
            var before = start.Samples.TryGetValue(series, out var was) ? was.Value : (double?)null;
            if (before == sample.Value) continue;
            changes.Add($"{series} {Number(before)} -> {Number(sample.Value)}");
        }
        return changes;
    }

    private static TimelineEntry? LogEntry(string path, string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("timestamp", out var at) || !at.TryGetDateTimeOffset(out var timestamp))
                return null;
            var fields = root.EnumerateObject().Where(p => p.Name is not ("timestamp" or "level" or "message" or "target" or "span"))
                .Select(p => $"{p.Name}={(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}");
            return new TimelineEntry(timestamp, path, $"{Field(root, "level")} {Field(root, "message")} {string.Join(' ', fields)}".Trim());
        }
        catch (JsonException)
        {
            // A line that is not mik's JSON (another program's, a cut first line) has no time to sort by.
            return null;
        }
    }

    private static string Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static string Number(double? value) => value is null ? "(none)" : value.Value.ToString("0.###", CultureInfo.InvariantCulture);
}
