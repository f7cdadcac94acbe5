using System.Text.Json;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>The one screen of <c>mik diag inspect</c>, taken from a bundle's files.</summary>
public sealed record InspectSummary(
    string? Health,
    IReadOnlyList<string> OpenCircuits,
    RequestRates? Requests,
    IReadOnlyList<ModuleLatency> SlowestModules,
    IReadOnlyList<AuditLine> Deployments,
    IReadOnlyList<AuditLine> ConfigChanges)
{
    public const int Recent = 5;

    public static InspectSummary From(Evidence evidence)
    {
        var start = evidence.Has("metrics/start.prom") ? PrometheusText.Parse(evidence.Text("metrics/start.prom")) : null;
        var end = evidence.Has("metrics/end.prom") ? PrometheusText.Parse(evidence.Text("metrics/end.prom")) : start;
        var audit = AuditLine.Parse(evidence.Text("audit/events.jsonl"));
        return new InspectSummary(
            HealthLine(evidence),
            end is null ? [] : [.. end.Of("mik_circuit_breaker_state").Where(s => s.Value is 1 or 2)
                .Select(s => $"{s.Labels.GetValueOrDefault("module")} ({(s.Value == 1 ? "open" : "half-open")})").Order(StringComparer.Ordinal)],
            end is null ? null : RequestRates.From(start, end),
            end is null ? [] : ModuleLatency.Slowest(end, Recent),
            [.. audit.Where(a => a.Type.StartsWith("module_", StringComparison.Ordinal)).TakeLast(Recent)],
            [.. audit.Where(a => a.Type == "config_changed").TakeLast(Recent)]);
    }

    /// <summary><c>health.json</c> as one line: the HTTP status and the body's <c>status</c> (or the body).</summary>
    private static string? HealthLine(Evidence evidence)
    {
        if (evidence.Json("health.json") is not { ValueKind: JsonValueKind.Object } health) return null;
        var status = health.TryGetProperty("http_status", out var code) ? code.GetRawText() : "?";
        if (!health.TryGetProperty("body", out var body)) return status;
        var compact = JsonSerializer.Serialize(body, AuditLine.Readable);
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("status", out var said) && said.ValueKind == JsonValueKind.String)
            return $"{status} {said.GetString()} {compact}";
        return $"{status} {compact}";
    }
}
