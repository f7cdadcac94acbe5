namespace Mik.Durable.Runtime.Components;

/// <summary>An <c>incoming-request</c> resource: the request a component's <c>handle</c> is called with.</summary>
internal sealed record HttpIncomingRequest(string Method, string PathWithQuery, HttpFields Headers)
{
    /// <summary>The body as <c>max_body_mb</c> let it in (read before the guest runs, as for WAGI).</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Set by the one <c>consume()</c> the interface allows.</summary>
    public bool Consumed { get; set; }
}
