using System.Runtime.InteropServices;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>wasmtime_component_val_t</c>: a one-byte kind, then at offset 8 a union whose largest member (a variant: a
/// name vector and a pointer) makes the value 32 bytes. Only the members mik reads or writes are bound.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal unsafe struct ComponentVal
{
    public const byte KindU8 = 2;
    public const byte KindList = 13;
    public const byte KindOption = 18;
    public const byte KindResult = 19;
    public const byte KindResource = 21;

    [FieldOffset(0)] public byte Kind;

    [FieldOffset(8)] public byte U8;

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

    public static ComponentVal Ok() => new() { Kind = KindResult, ResultIsOk = 1 };

    /// <summary>An error result without a payload (<c>result&lt;T&gt;</c>'s error case).</summary>
    public static ComponentVal Err() => new() { Kind = KindResult, ResultIsOk = 0 };
}
