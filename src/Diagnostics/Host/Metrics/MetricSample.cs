namespace Mik.Durable.Diagnostics.Host.Metrics;

/// <summary>One sample line of Prometheus text: its name, labels and value, and the line itself for a check's evidence.</summary>
internal sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, string Line)
{
    public string? Label(string name) => Labels.GetValueOrDefault(name);
}
