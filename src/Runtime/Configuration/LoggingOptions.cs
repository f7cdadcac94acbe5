namespace Mik.Durable.Runtime.Configuration;

/// <summary><c>[logging]</c>: JSON log sinks (docs/operations.md).</summary>
public sealed class LoggingOptions
{
    /// <summary>Lowest level written: trace, debug, info, warn or error. Default info.</summary>
    public string Level { get; set; } = "info";

    /// <summary>Also write the JSON lines to this file, rolled daily. Default empty: stdout only.</summary>
    public string File { get; set; } = "";

    /// <summary>Also push to Grafana Loki at this base URL. Default empty. Env <c>MIK_LOKI_URL</c>.</summary>
    [Secret]
    public string LokiUrl { get; set; } = "";
}
