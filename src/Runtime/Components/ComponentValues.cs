using System.Runtime.InteropServices;
using System.Text;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// The compound values the rest of the proxy world answers with (<c>u64</c>, <c>enum</c>, <c>record</c>,
/// <c>tuple</c>), built in Wasmtime allocations the value owns, in the layouts of <c>wasmtime/component/val.h</c>.
/// </summary>
internal static unsafe partial class ComponentValues
{
    public const byte KindRecord = 14;
    public const byte KindTuple = 15;
    public const byte KindEnum = 17;

    /// <summary><c>wasmtime_component_valrecord_entry_t</c>: the field's name, then its value.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RecordEntry
    {
        public ComponentBytes.NativeName Name;
        public ComponentVal Value;
    }

    /// <summary><c>wasmtime_component_valrecord_t</c> and <c>wasmtime_component_valtuple_t</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct NativeRecord
    {
        public nuint Size;
        public RecordEntry* Data;
    }

    public static ComponentVal U64(ulong value) => new() { Kind = ComponentVal.KindU64, U64 = value };

    public static ComponentVal U32(uint value) => new() { Kind = ComponentVal.KindU32, U32 = value };

    /// <summary>An <c>enum</c> case, by name (e.g. <c>error-code.unsupported</c>).</summary>
    public static ComponentVal Enum(string name)
    {
        var value = new ComponentVal { Kind = KindEnum };
        var bytes = Encoding.UTF8.GetBytes(name);
        fixed (byte* source = bytes) ComponentApi.wasm_byte_vec_new((ComponentBytes.NativeName*)&value.ListSize, (nuint)bytes.Length, source);
        return value;
    }

    /// <summary>A <c>record</c>; each field's value moves into it.</summary>
    public static ComponentVal Record(params ReadOnlySpan<(string Name, ComponentVal Value)> fields)
    {
        var value = new ComponentVal { Kind = KindRecord };
        var record = (NativeRecord*)&value.ListSize;
        wasmtime_component_valrecord_new_uninit(record, (nuint)fields.Length);
        for (var i = 0; i < fields.Length; i++)
        {
            var name = Encoding.UTF8.GetBytes(fields[i].Name);
            fixed (byte* source = name) ComponentApi.wasm_byte_vec_new(&record->Data[i].Name, (nuint)name.Length, source);
            record->Data[i].Value = fields[i].Value;
        }
        return value;
    }

    /// <summary>A <c>tuple</c>; each element moves into it.</summary>
    public static ComponentVal Tuple(params ReadOnlySpan<ComponentVal> elements)
    {
        var value = new ComponentVal { Kind = KindTuple };
        var tuple = (ComponentBytes.NativeList*)&value.ListSize;
        wasmtime_component_valtuple_new_uninit(tuple, (nuint)elements.Length);
        for (var i = 0; i < elements.Length; i++) tuple->Data[i] = elements[i];
        return value;
    }

    [LibraryImport("wasmtime")] private static partial void wasmtime_component_valrecord_new_uninit(NativeRecord* record, nuint size);
    [LibraryImport("wasmtime")] private static partial void wasmtime_component_valtuple_new_uninit(ComponentBytes.NativeList* tuple, nuint size);
}
