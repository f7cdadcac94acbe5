namespace Mik.Durable.Runtime.Components;

/// <summary>An <c>incoming-body</c> resource: the request's body, whose one input stream reads it.</summary>
internal sealed class HttpIncomingBody(ReadOnlyMemory<byte> content)
{
    public ReadOnlyMemory<byte> Content { get; } = content;

    public bool StreamTaken { get; set; }
}
