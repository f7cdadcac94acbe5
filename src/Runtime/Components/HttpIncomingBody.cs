namespace Mik.Durable.Runtime.Components;

/// <summary>
/// An <c>incoming-body</c> resource whose one input stream reads it: the request's body (from the client when the
/// server streams it, <see cref="Source"/>) or an outgoing call's response body (always in memory).
/// </summary>
internal sealed class HttpIncomingBody(ReadOnlyMemory<byte> content, HttpStreaming? source = null)
{
    public ReadOnlyMemory<byte> Content { get; } = content;

    /// <summary>The client connection the request's body is read from; null: <see cref="Content"/> is the body.</summary>
    public HttpStreaming? Source { get; } = source;

    public bool StreamTaken { get; set; }
}
