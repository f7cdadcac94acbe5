using System.Text;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>argv or environ in WASI's wire form: NUL-terminated UTF-8 strings in one buffer, plus each start offset.</summary>
internal sealed class WasiStrings
{
    private WasiStrings(byte[] buffer, int[] offsets)
    {
        Buffer = buffer;
        Offsets = offsets;
    }

    public byte[] Buffer { get; }
    public int[] Offsets { get; }
    public int Count => Offsets.Length;

    /// <summary>environ: each pair as <c>NAME=value</c>.</summary>
    public static WasiStrings Encode(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        var offsets = new int[pairs.Count];
        var size = 0;
        for (var i = 0; i < pairs.Count; i++)
            size += Encoding.UTF8.GetByteCount(pairs[i].Key) + Encoding.UTF8.GetByteCount(pairs[i].Value) + 2;
        var buffer = new byte[size];
        var pos = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            offsets[i] = pos;
            pos += Encoding.UTF8.GetBytes(pairs[i].Key, buffer.AsSpan(pos));
            buffer[pos++] = (byte)'=';
            pos += Encoding.UTF8.GetBytes(pairs[i].Value, buffer.AsSpan(pos));
            buffer[pos++] = 0;
        }
        return new WasiStrings(buffer, offsets);
    }

    public static WasiStrings Encode(IReadOnlyList<string> items)
    {
        var offsets = new int[items.Count];
        var size = 0;
        for (var i = 0; i < items.Count; i++) size += Encoding.UTF8.GetByteCount(items[i]) + 1;
        var buffer = new byte[size];
        var pos = 0;
        for (var i = 0; i < items.Count; i++)
        {
            offsets[i] = pos;
            pos += Encoding.UTF8.GetBytes(items[i], buffer.AsSpan(pos));
            buffer[pos++] = 0;
        }
        return new WasiStrings(buffer, offsets);
    }
}
