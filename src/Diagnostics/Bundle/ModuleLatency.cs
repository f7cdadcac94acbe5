namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>A module's mean handler time since mik started (<c>mik_request_duration_seconds</c> sum / count).</summary>
public sealed record ModuleLatency(string Module, double Requests, double MeanMs)
{
    public static IReadOnlyList<ModuleLatency> Slowest(PrometheusText metrics, int count)
    {
        var sums = metrics.Of("mik_request_duration_seconds_sum").ToDictionary(s => s.Labels.GetValueOrDefault("module") ?? "", s => s.Value);
        return [.. metrics.Of("mik_request_duration_seconds_count")
            // The empty module label counts requests to modules that do not exist: not a module to name.
            .Where(c => c.Value > 0 && c.Labels.GetValueOrDefault("module") is { Length: > 0 } m && sums.ContainsKey(m))
            .Select(c => new ModuleLatency(c.Labels.GetValueOrDefault("module") ?? "", c.Value, sums[c.Labels.GetValueOrDefault("module") ?? ""] / c.Value * 1000))
            .OrderByDescending(m => m.MeanMs)
            .Take(count)];
    }
}
