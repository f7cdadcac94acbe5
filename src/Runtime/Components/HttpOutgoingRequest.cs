namespace Mik.Durable.Runtime.Components;

/// <summary>
/// An <c>outgoing-request</c> resource: what a guest builds before it hands the request to
/// <c>wasi:http/outgoing-handler.handle</c>. No scheme means HTTPS, as in Wasmtime's own host.
/// </summary>
internal sealed class HttpOutgoingRequest(HttpFields headers)
{
    public string Method { get; set; } = "GET";
    public string? Scheme { get; set; }
    public string? Authority { get; set; }
    public string? PathWithQuery { get; set; }
    public HttpFields Headers { get; } = headers;

    /// <summary>Set by the one <c>body()</c> call the interface allows.</summary>
    public HttpOutgoingBody? Body { get; set; }
}
