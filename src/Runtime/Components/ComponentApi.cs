using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// The component-model part of Wasmtime's C API (headers <c>wasmtime/component/*.h</c> of Wasmtime 50), bound
/// directly like <see cref="Wasm.WasmtimeApi"/>: Wasmtime.Dotnet has no component model. Opaque types are
/// <see cref="IntPtr"/>; <c>wasmtime_component_instance_t</c> and <c>wasmtime_component_func_t</c> (16 bytes each)
/// live in <see cref="HandleBuffer"/>s; values are <see cref="ComponentVal"/>, whose layout is bound exactly.
/// </summary>
internal static unsafe partial class ComponentApi
{
    private const string Library = "wasmtime";

    // Components and their exports.
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_new(IntPtr engine, byte* wasm, nuint length, out IntPtr component);
    [LibraryImport(Library)] public static partial void wasmtime_component_delete(IntPtr component);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_get_export_index(IntPtr component, IntPtr instanceIndex, byte* name, nuint nameLength);
    [LibraryImport(Library)] public static partial void wasmtime_component_export_index_delete(IntPtr index);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_type(IntPtr component);
    [LibraryImport(Library)] public static partial void wasmtime_component_type_delete(IntPtr type);
    [LibraryImport(Library)] public static partial nuint wasmtime_component_type_export_count(IntPtr type, IntPtr engine);
    [LibraryImport(Library)] [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_component_type_export_nth(IntPtr type, IntPtr engine, nuint nth, out byte* name, out nuint nameLength, out IntPtr exported);
    [LibraryImport(Library)] public static partial void wasmtime_component_extern_delete(IntPtr exported);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_serialize(IntPtr component, out Wasm.WasmtimeApi.NativeVec bytes);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_deserialize(IntPtr engine, byte* bytes, nuint length, out IntPtr component);

    // The linker: nested instances, host resource types and host functions.
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_linker_new(IntPtr engine);
    [LibraryImport(Library)] public static partial void wasmtime_component_linker_delete(IntPtr linker);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_linker_root(IntPtr linker);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_linker_instance_add_instance(IntPtr instance, byte* name, nuint nameLength, out IntPtr nested);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_linker_instance_add_resource(IntPtr instance, byte* name, nuint nameLength, IntPtr resourceType, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, uint, IntPtr> destructor, IntPtr data, IntPtr finalizer);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_linker_instance_add_func(IntPtr instance, byte* name, nuint nameLength, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, ComponentVal*, nuint, ComponentVal*, nuint, IntPtr> callback, IntPtr data, IntPtr finalizer);
    [LibraryImport(Library)] public static partial void wasmtime_component_linker_instance_delete(IntPtr instance);
    /// <summary>Wasmtime's own WASI 0.2; not used: it cannot sit beside mik's <c>wasi:io</c> (docs/components.md, checked by a test).</summary>
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_linker_add_wasip2(IntPtr linker);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_linker_instantiate(IntPtr linker, IntPtr context, IntPtr component, HandleBuffer* instance);

    // Instances and calls.
    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_component_instance_get_func(HandleBuffer* instance, IntPtr context, IntPtr exportIndex, HandleBuffer* func);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_func_call(HandleBuffer* func, IntPtr context, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount);

    // Values and resources.
    [LibraryImport(Library)] public static partial ComponentVal* wasmtime_component_val_new(ComponentVal* value);
    [LibraryImport(Library)] public static partial void wasmtime_component_val_delete(ComponentVal* value);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_resource_type_new_host(uint type);
    [LibraryImport(Library)] public static partial void wasmtime_component_resource_type_delete(IntPtr type);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_resource_host_new([MarshalAs(UnmanagedType.U1)] bool owned, uint rep, uint type);
    [LibraryImport(Library)] public static partial uint wasmtime_component_resource_host_rep(IntPtr resource);
    [LibraryImport(Library)] public static partial uint wasmtime_component_resource_host_type(IntPtr resource);
    [LibraryImport(Library)] public static partial void wasmtime_component_resource_host_delete(IntPtr resource);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_resource_host_to_any(IntPtr context, IntPtr resource, out IntPtr any);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_component_resource_any_to_host(IntPtr context, IntPtr any, out IntPtr resource);

    // The text format (core modules and components alike), for building test components in memory.
    [LibraryImport(Library)] public static partial IntPtr wasmtime_wat2wasm(byte* text, nuint length, out Wasm.WasmtimeApi.NativeVec wasm);

    // A host function's failure, which Wasmtime turns into a trap of the guest's call.
    [LibraryImport(Library)] public static partial void wasmtime_component_vallist_new_uninit(ComponentBytes.NativeList* vector, nuint size);
    [LibraryImport(Library)] public static partial void wasmtime_component_valrecord_new_uninit(ComponentBytes.NativeList* vector, nuint size);
    [LibraryImport(Library)] public static partial void wasm_byte_vec_new(ComponentBytes.NativeName* vector, nuint size, byte* data);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr wasmtime_error_new(string message);

    /// <summary>Room for a <c>wasmtime_component_instance_t</c> or <c>wasmtime_component_func_t</c> (16 bytes in Wasmtime 50).</summary>
    [InlineArray(4)]
    public struct HandleBuffer { private ulong _element; }
}
