namespace Mik.Durable.Runtime.Configuration;

/// <summary>The whole of <c>mik.toml</c> after defaults, the file and environment overrides (docs/operations.md).</summary>
public sealed class MikConfig
{
    public ServerOptions Server { get; set; } = new();
    public AdminOptions Admin { get; set; } = new();
    public BreakerOptions Breaker { get; set; } = new();
    public DatabaseOptions Database { get; set; } = new();
    public LoggingOptions Logging { get; set; } = new();
    public StateOptions State { get; set; } = new();
    public ClusterOptions Cluster { get; set; } = new();

    /// <summary>Per-module overrides, <c>[modules.&lt;name&gt;]</c>. Default: none.</summary>
    public Dictionary<string, ModuleOptions> Modules { get; set; } = new(StringComparer.Ordinal);
}
