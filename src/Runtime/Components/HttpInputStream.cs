namespace Mik.Durable.Runtime.Components;

/// <summary>An <c>input-stream</c> over bytes in memory: each read takes the next bytes, then it is closed.</summary>
internal sealed class HttpInputStream(ReadOnlyMemory<byte> content)
{
    private ReadOnlyMemory<byte> _rest = content;

    /// <summary>Up to <paramref name="length"/> next bytes; empty only for a zero length; null once at the end.</summary>
    public ReadOnlyMemory<byte>? Read(ulong length)
    {
        if (_rest.IsEmpty) return null;
        var taken = _rest[..(int)Math.Min(length, (ulong)_rest.Length)];
        _rest = _rest[taken.Length..];
        return taken;
    }
}
