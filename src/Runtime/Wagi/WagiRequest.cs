namespace Mik.Durable.Runtime.Wagi;

/// <summary>
/// One HTTP request as the WAGI executor needs it, independent of the web server that received it.
/// Paths and query stay exactly as received (not decoded): WAGI exposes both raw and decoded forms.
/// </summary>
internal sealed class WagiRequest
{
    /// <summary>HTTP method, e.g. <c>GET</c>.</summary>
    public required string Method { get; init; }

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Scheme { get; init; } = "http";

    /// <summary>Value of the <c>Host</c> header, or null when the request had none.</summary>
    public string? Host { get; init; }

    /// <summary>Request path as received, e.g. <c>/run/hello/a%20b</c>.</summary>
    public required string RawPath { get; init; }

    /// <summary>Query string as received, without the leading <c>?</c>; empty when there is none.</summary>
    public string RawQuery { get; init; } = "";

    /// <summary>The route the module is mounted at, e.g. <c>/run/hello</c>; becomes <c>SCRIPT_NAME</c>.</summary>
    public required string RoutePrefix { get; init; }

    /// <summary>The route pattern for <c>X_MATCHED_ROUTE</c>. Default: <see cref="RoutePrefix"/> + <c>/...</c>.</summary>
    public string? MatchedRoute { get; init; }

    /// <summary>Request headers in arrival order; a name may repeat.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The whole request body; it becomes the guest's stdin.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Client IP address without port.</summary>
    public string RemoteIp { get; init; } = "";

    /// <summary>HTTP version as <c>HTTP/1.1</c>, <c>HTTP/2</c>…</summary>
    public string Protocol { get; init; } = "HTTP/1.1";

    /// <summary>
    /// <c>host:port</c> used for <c>SERVER_NAME</c>/<c>SERVER_PORT</c> when the Host header lacks a part
    /// (WAGI's <c>--default-host</c>). Default <c>localhost:3000</c>.
    /// </summary>
    public string DefaultHost { get; init; } = "localhost:3000";

    internal string EffectiveMatchedRoute => MatchedRoute ?? RoutePrefix + "/...";
}
