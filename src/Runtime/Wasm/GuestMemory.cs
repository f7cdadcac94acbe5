using System.Buffers.Binary;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// A guest's linear memory during one host call, with bounds-checked views; guest pointers and lengths are
/// unsigned 32-bit. A guest without an exported memory has none, and every access is a fault.
/// </summary>
internal readonly ref struct GuestMemory(Span<byte> bytes, bool exists)
{
    private readonly Span<byte> _bytes = bytes;

    public bool TryGetSpan(int pointer, long length, out Span<byte> span)
    {
        span = default;
        var address = (uint)pointer;
        if (!exists || length is < 0 or > int.MaxValue || address + length > _bytes.Length) return false;
        span = _bytes.Slice((int)address, (int)length);
        return true;
    }

    /// <summary>Writes a little-endian value; returns the WASI errno (<c>EFAULT</c> out of bounds).</summary>
    public int WriteUInt32(int pointer, uint value)
    {
        if (!TryGetSpan(pointer, 4, out var span)) return WasiErrno.Fault;
        BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        return WasiErrno.Success;
    }

    /// <inheritdoc cref="WriteUInt32"/>
    public int WriteUInt64(int pointer, ulong value)
    {
        if (!TryGetSpan(pointer, 8, out var span)) return WasiErrno.Fault;
        BinaryPrimitives.WriteUInt64LittleEndian(span, value);
        return WasiErrno.Success;
    }
}
