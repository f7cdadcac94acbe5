namespace Mik.Durable.Runtime.Components;

/// <summary>An <c>outgoing-response</c> resource: status 200 until the guest sets another, its headers and body.</summary>
internal sealed class HttpOutgoingResponse(HttpFields headers)
{
    public int Status { get; set; } = 200;
    public HttpFields Headers { get; } = headers;

    /// <summary>Set by the one <c>body()</c> call the interface allows.</summary>
    public HttpOutgoingBody? Body { get; set; }
}
