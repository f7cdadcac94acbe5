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

    /// <summary><c>wasmtime_component_vallist_t</c>, the layout of a list inside a value.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct NativeList
    {
        public nuint Size;
        public ComponentVal* Data;
    }

    /// <summary>A <c>list&lt;u8&gt;</c> value of <paramref name="bytes"/>, in a Wasmtime allocation the value owns.</summary>
    public static ComponentVal FromBytes(ReadOnlySpan<byte> bytes)
    {
        var list = List(bytes.Length);
        for (var i = 0; i < bytes.Length; i++) list.ListData[i] = new ComponentVal { Kind = ComponentVal.KindU8, U8 = bytes[i] };
        return list;
    }

    /// <summary>
    /// A list value of <paramref name="count"/> elements for the caller to fill in place: Wasmtime allocates them
    /// (and frees them with the value), so an element the caller writes moves into the list.
    /// </summary>
    public static ComponentVal List(int count)
    {
        var value = new ComponentVal { Kind = ComponentVal.KindList };
        ComponentApi.wasmtime_component_vallist_new_uninit((NativeList*)&value.ListSize, (nuint)count);
        return value;
    }

    /// <summary>A <c>string</c> value, in a Wasmtime allocation the value owns.</summary>
    public static ComponentVal FromText(string text)
    {
        var value = new ComponentVal { Kind = ComponentVal.KindString };
        var bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* source = bytes) ComponentApi.wasm_byte_vec_new((NativeName*)&value.ListSize, (nuint)bytes.Length, source);
        return value;
    }

    /// <summary>Copies a <c>list&lt;u8&gt;</c> value's bytes into <paramref name="target"/>.</summary>
    public static void CopyTo(in ComponentVal list, IBufferWriter<byte> target)
    {
        var count = checked((int)list.ListSize);
        var values = list.ListData;
        // In pieces of whatever the writer offers: a connection's writer may hand out less than a large write asks.
        for (var done = 0; done < count;)
        {
            var span = target.GetSpan(count - done);
            var piece = Math.Min(span.Length, count - done);
            for (var i = 0; i < piece; i++) span[i] = values[done + i].U8;
            target.Advance(piece);
            done += piece;
        }
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

    /// <summary>A variant value as text: its case, and a string or number payload (directly or in an option).</summary>
    public static string DescribeCase(in ComponentVal variant)
    {
        if (variant.Kind != ComponentVal.KindVariant) return "?";
        var name = Encoding.UTF8.GetString(variant.StringData, checked((int)variant.ListSize));
        var payload = variant.VariantVal;
        if (payload is not null && payload->Kind == ComponentVal.KindOption) payload = payload->Option;
        return payload is null ? name : payload->Kind switch
        {
            ComponentVal.KindString => $"{name}(\"{ToText(*payload)}\")",
            ComponentVal.KindU8 => $"{name}({payload->U8})",
            ComponentVal.KindU16 => $"{name}({payload->U16})",
            _ => name,
        };
    }
}
