namespace Mik.Durable.Runtime.Components;

/// <summary>
/// An <c>input-stream</c> over the request body: bytes in memory (each read takes the next, then it is closed), or
/// the client's connection as the body arrives when the server streams it (<see cref="HttpStreaming"/>).
/// </summary>
internal sealed class HttpInputStream(ReadOnlyMemory<byte> content, HttpStreaming? source = null)
{
    private ReadOnlyMemory<byte> _rest = content;

    /// <summary>Up to <paramref name="length"/> next bytes; empty only for a zero length; null once at the end.</summary>
    /// <exception cref="IOException">Reading from the client failed (<see cref="HttpStreaming.Read"/>).</exception>
    public ReadOnlyMemory<byte>? Read(ulong length)
    {
        if (source is not null) return source.Read(length);
        if (_rest.IsEmpty) return null;
        var taken = _rest[..(int)Math.Min(length, (ulong)_rest.Length)];
        _rest = _rest[taken.Length..];
        return taken;
    }
}
