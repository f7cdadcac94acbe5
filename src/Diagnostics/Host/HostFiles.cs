namespace Mik.Durable.Diagnostics.Host;

/// <summary>The host collectors' names and the bundle paths of their files (docs/diagnostics.md, Evidence files).</summary>
internal static class HostFiles
{
    public const string Service = "service";
    public const string ServiceJson = "service.json";
    public const string Health = "health";
    public const string HealthJson = "health.json";
    public const string Metrics = "metrics";
    public const string MetricsStart = "metrics/start.prom";
    public const string MetricsEnd = "metrics/end.prom";
    public const string System = "system";
    public const string SystemJson = "system.json";
}
