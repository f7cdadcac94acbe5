using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// Every conversion between bytes and component values in one place: the C API carries a <c>list&lt;u8&gt;</c> as one
/// 32-byte value per byte (docs/components.md), which the streaming work is to replace; callers only see spans.
/// </summary>
internal static unsafe class ComponentBytes
{
    /// <summary><c>wasm_byte_vec_t</c>, the layout of a string or a variant's case name inside a value.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct NativeName
    {
        public nuint Size;
        public byte* Data;
    }

    /// <summary>Copies a <c>list&lt;u8&gt;</c> value's bytes into <paramref name="target"/>.</summary>
    public static void CopyTo(in ComponentVal list, IBufferWriter<byte> target)
    {
        var count = checked((int)list.ListSize);
        var span = target.GetSpan(count);
        for (var i = 0; i < count; i++) span[i] = list.ListData[i].U8;
        target.Advance(count);
    }

    public static byte[] ToArray(in ComponentVal list)
    {
        var bytes = new byte[checked((int)list.ListSize)];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = list.ListData[i].U8;
        return bytes;
    }

    /// <summary>A <c>string</c> value's text (the guest's UTF-8 as Wasmtime checked it).</summary>
    public static string ToText(in ComponentVal value) =>
        value.Kind == ComponentVal.KindString
            ? Encoding.UTF8.GetString(value.StringData, checked((int)value.ListSize))
            : throw new InvalidOperationException("expected a string");
}
