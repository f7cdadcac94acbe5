using System.Buffers;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// A growable byte buffer rented from the shared pool, bounded by a byte limit. Holds a guest's stdout so the
/// response body can be a slice of it without a copy.
/// </summary>
internal sealed class OutputBuffer(int limit) : IDisposable
{
    private const int InitialSize = 4096;
    private byte[] _buffer = [];
    private int _length;

    public int Limit { get; } = limit;
    public int Length => _length;
    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>True once a write was refused for passing the limit.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Appends <paramref name="data"/>, or returns false (and appends nothing) when it would pass the limit.</summary>
    public bool TryWrite(ReadOnlySpan<byte> data)
    {
        if (data.Length > Limit - _length)
        {
            Overflowed = true;
            return false;
        }
        var needed = _length + data.Length;
        if (needed > _buffer.Length) Grow(needed);
        data.CopyTo(_buffer.AsSpan(_length));
        _length = needed;
        return true;
    }

    private void Grow(int needed)
    {
        var size = Math.Max(InitialSize, _buffer.Length);
        while (size < needed) size = size > int.MaxValue / 2 ? needed : size * 2;
        var next = ArrayPool<byte>.Shared.Rent(Math.Min(size, Math.Max(needed, Limit)));
        _buffer.AsSpan(0, _length).CopyTo(next);
        Return();
        _buffer = next;
    }

    private void Return()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    public void Dispose()
    {
        Return();
        _length = 0;
    }
}
