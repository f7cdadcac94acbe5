namespace Mik.Durable.Runtime.Components;

/// <summary>An <c>incoming-response</c> resource: an upstream's answer, its body already read (capped).</summary>
internal sealed class HttpIncomingResponse(int status, HttpFields headers, ReadOnlyMemory<byte> body)
{
    public int Status { get; } = status;
    public HttpFields Headers { get; } = headers;
    public ReadOnlyMemory<byte> Body { get; } = body;

    /// <summary>Whether <c>consume</c> handed out the body (once, as the interface says).</summary>
    public bool Consumed { get; set; }
}
