using System.Runtime.InteropServices;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>wasmtime_component_val_t</c>: a one-byte kind, then at offset 8 a union whose largest member (a variant: a
/// name vector and a pointer) makes the value 32 bytes. Only the members mik reads or writes are bound.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal unsafe struct ComponentVal
{
    public const byte KindBool = 0;
    public const byte KindU8 = 2;
    public const byte KindU16 = 4;
    public const byte KindU32 = 6;
    public const byte KindU64 = 8;
    public const byte KindString = 12;
    public const byte KindList = 13;
    public const byte KindOption = 18;
    public const byte KindResult = 19;
    public const byte KindVariant = 16;
    public const byte KindResource = 21;

    [FieldOffset(0)] public byte Kind;

    [FieldOffset(8)] public byte U8;
    [FieldOffset(8)] public byte BoolValue;
    [FieldOffset(8)] public ushort U16;
    [FieldOffset(8)] public uint U32;
    [FieldOffset(8)] public ulong U64;

    /// <summary><c>of.string</c> (size in <see cref="ListSize"/>) and <c>of.variant.discriminant</c> (the case name).</summary>
    [FieldOffset(16)] public byte* StringData;

    /// <summary><c>of.variant.val</c>: the case's payload, or null.</summary>
    [FieldOffset(24)] public ComponentVal* VariantVal;

    /// <summary><c>of.resource</c>: a <c>wasmtime_component_resource_any_t*</c> the value owns.</summary>
    [FieldOffset(8)] public IntPtr Resource;

    /// <summary><c>of.option</c>: the payload, or null for none.</summary>
    [FieldOffset(8)] public ComponentVal* Option;

    /// <summary><c>of.list.size</c> and <c>of.list.data</c>.</summary>
    [FieldOffset(8)] public nuint ListSize;
    [FieldOffset(16)] public ComponentVal* ListData;

    /// <summary><c>of.result.is_ok</c> and <c>of.result.val</c> (null when that case has no payload).</summary>
    [FieldOffset(8)] public byte ResultIsOk;
    [FieldOffset(16)] public ComponentVal* ResultVal;

    public static ComponentVal OfResource(IntPtr any) => new() { Kind = KindResource, Resource = any };

    /// <summary>An ok result; its payload moves to a Wasmtime allocation that the result then owns.</summary>
    public static ComponentVal Ok(ComponentVal payload) =>
        new() { Kind = KindResult, ResultIsOk = 1, ResultVal = ComponentApi.wasmtime_component_val_new(&payload) };

    /// <summary>An <c>option</c>: some (the payload moves to a Wasmtime allocation) or none.</summary>
    public static ComponentVal Some(ComponentVal payload) =>
        new() { Kind = KindOption, Option = ComponentApi.wasmtime_component_val_new(&payload) };

    public static ComponentVal Bool(bool value) => new() { Kind = KindBool, BoolValue = value ? (byte)1 : (byte)0 };

    public static ComponentVal None() => new() { Kind = KindOption };

    public static ComponentVal Ok() => new() { Kind = KindResult, ResultIsOk = 1 };

    /// <summary>An error result without a payload (<c>result&lt;T&gt;</c>'s error case).</summary>
    public static ComponentVal Err() => new() { Kind = KindResult, ResultIsOk = 0 };

    /// <summary>An error result whose payload moves to a Wasmtime allocation the result then owns.</summary>
    public static ComponentVal Err(ComponentVal payload) =>
        new() { Kind = KindResult, ResultIsOk = 0, ResultVal = ComponentApi.wasmtime_component_val_new(&payload) };

    /// <summary>A variant case; its name is a Wasmtime byte vector and its payload a Wasmtime allocation, both owned.</summary>
    public static ComponentVal Case(string name, ComponentVal? payload = null)
    {
        var value = new ComponentVal { Kind = KindVariant };
        if (payload is { } some) value.VariantVal = ComponentApi.wasmtime_component_val_new(&some);
        var bytes = System.Text.Encoding.UTF8.GetBytes(name);
        fixed (byte* source = bytes) ComponentApi.wasm_byte_vec_new((ComponentBytes.NativeName*)&value.ListSize, (nuint)bytes.Length, source);
        return value;
    }
}
