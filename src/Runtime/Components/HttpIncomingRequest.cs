namespace Mik.Durable.Runtime.Components;

/// <summary>An <c>incoming-request</c> resource: the request a component's <c>handle</c> is called with.</summary>
internal sealed record HttpIncomingRequest(string Method, string PathWithQuery, HttpFields Headers)
{
    /// <summary>The body as <c>max_body_mb</c> let it in (read before the guest runs, as for WAGI).</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary><c>http</c> or <c>https</c>, as the client came in.</summary>
    public string Scheme { get; init; } = "http";

    /// <summary>The <c>Host</c> header (the executor falls back to the server's default host), or null.</summary>
    public string? Authority { get; init; }

    /// <summary>Set by the one <c>consume()</c> the interface allows.</summary>
    public bool Consumed { get; set; }
}
