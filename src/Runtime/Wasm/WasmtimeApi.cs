using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// The few functions of Wasmtime's C API that the per-request path calls, bound directly: Wasmtime.Dotnet's Store
/// wrapper costs several dictionaries and delegates per request, and its Linker resolves every import by name on
/// each instantiation (docs/runtime.md, Throughput). Pointers to Wasmtime's opaque types
/// are <see cref="IntPtr"/>; <c>wasmtime_instance_t</c> and <c>wasmtime_extern_t</c> are kept in buffers larger
/// than the C structs, so only the fields read here depend on their layout.
/// </summary>
internal static unsafe partial class WasmtimeApi
{
    private const string Library = "wasmtime";

    public const byte ExternFunc = 0;
    public const byte ExternMemory = 3;
    public const byte ExternSharedMemory = 4;

    /// <summary>The offset of <c>wasmtime_extern_t.of</c>: a one-byte kind, then a union of 8-byte aligned structs.</summary>
    public const int ExternPayload = 8;

    // Engine configuration Wasmtime.Dotnet does not offer.
    [LibraryImport(Library)] public static partial void wasmtime_config_concurrency_support_set(IntPtr config, [MarshalAs(UnmanagedType.U1)] bool enable);

    // Store and context.
    [LibraryImport(Library)] public static partial IntPtr wasmtime_store_new(IntPtr engine, IntPtr data, IntPtr finalizer);
    [LibraryImport(Library)] public static partial void wasmtime_store_delete(IntPtr store);
    [LibraryImport(Library), SuppressGCTransition] public static partial IntPtr wasmtime_store_context(IntPtr store);
    [LibraryImport(Library)] public static partial void wasmtime_store_limiter(IntPtr store, long memorySize, long tableElements, long instances, long tables, long memories);
    [LibraryImport(Library), SuppressGCTransition] public static partial void wasmtime_context_set_epoch_deadline(IntPtr context, ulong ticksBeyondCurrent);
    [LibraryImport(Library), SuppressGCTransition] public static partial IntPtr wasmtime_context_get_data(IntPtr context);
    [LibraryImport(Library), SuppressGCTransition] public static partial IntPtr wasmtime_caller_context(IntPtr caller);

    // Linking and instantiation.
    [LibraryImport(Library)] public static partial IntPtr wasmtime_linker_new(IntPtr engine);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_linker_clone(IntPtr linker);
    [LibraryImport(Library)] public static partial void wasmtime_linker_delete(IntPtr linker);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_linker_define_func_unchecked(IntPtr linker, byte* module, nuint moduleLength, byte* name, nuint nameLength, IntPtr functype, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, ulong*, nuint, IntPtr> callback, IntPtr env, IntPtr finalizer);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_linker_define_unknown_imports_as_traps(IntPtr linker, IntPtr module);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_linker_instantiate_pre(IntPtr linker, IntPtr module, out IntPtr instancePre);
    [LibraryImport(Library)] public static partial void wasmtime_instance_pre_delete(IntPtr instancePre);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_instance_pre_instantiate(IntPtr instancePre, IntPtr context, void* instance, out IntPtr trap);
    [LibraryImport(Library)] public static partial IntPtr wasmtime_func_call(IntPtr context, void* func, void* args, nuint argCount, void* results, nuint resultCount, out IntPtr trap);

    // Exports and memory.
    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_instance_export_get(IntPtr context, void* instance, byte* name, nuint nameLength, void* item);
    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_caller_export_get(IntPtr caller, byte* name, nuint nameLength, void* item);
    [LibraryImport(Library)] public static partial void wasmtime_extern_delete(void* item);
    [LibraryImport(Library), SuppressGCTransition] public static partial byte* wasmtime_memory_data(IntPtr context, void* memory);
    [LibraryImport(Library), SuppressGCTransition] public static partial nuint wasmtime_memory_data_size(IntPtr context, void* memory);

    // Function types.
    [LibraryImport(Library)] public static partial IntPtr wasm_valtype_new(byte kind);
    [LibraryImport(Library)] public static partial void wasm_valtype_vec_new(out NativeVec vector, nuint size, IntPtr* items);
    [LibraryImport(Library)] public static partial IntPtr wasm_functype_new(ref NativeVec parameters, ref NativeVec results);
    [LibraryImport(Library)] public static partial void wasm_functype_delete(IntPtr functype);

    // Errors and traps.
    [LibraryImport(Library)] public static partial IntPtr wasmtime_trap_new(byte* message, nuint length);
    [LibraryImport(Library)] public static partial void wasm_trap_delete(IntPtr trap);
    [LibraryImport(Library)] public static partial void wasm_trap_message(IntPtr trap, out NativeVec message);
    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_trap_code(IntPtr trap, out byte code);
    [LibraryImport(Library)] public static partial void wasm_trap_trace(IntPtr trap, out NativeVec frames);
    [LibraryImport(Library)] public static partial void wasmtime_error_wasm_trace(IntPtr error, out NativeVec frames);
    [LibraryImport(Library)] public static partial void wasm_frame_vec_delete(ref NativeVec frames);
    [LibraryImport(Library)] public static partial NativeVec* wasmtime_frame_func_name(IntPtr frame);
    [LibraryImport(Library)] public static partial void wasmtime_error_message(IntPtr error, out NativeVec message);
    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool wasmtime_error_exit_status(IntPtr error, out int status);
    [LibraryImport(Library)] public static partial void wasmtime_error_delete(IntPtr error);
    [LibraryImport(Library)] public static partial void wasm_byte_vec_delete(ref NativeVec vector);

    /// <summary><c>wasm_byte_vec_t</c> and the other <c>wasm_*_vec_t</c>: a length and a pointer to the items.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct NativeVec
    {
        public nuint Size;
        public byte* Data;
    }

    /// <summary>
    /// Whether an export found by name is <paramref name="kind"/>. Of the kinds, only a shared memory owns anything
    /// (a reference count), so any other export found under the name is deleted here.
    /// </summary>
    public static bool Is(ExternBuffer* item, byte kind)
    {
        var found = ((byte*)item)[0];
        if (found == kind) return true;
        if (found == ExternSharedMemory) wasmtime_extern_delete(item);
        return false;
    }

    /// <summary>Room for a <c>wasmtime_instance_t</c> (16 bytes in Wasmtime 50).</summary>
    [InlineArray(4)]
    public struct InstanceBuffer { private ulong _element; }

    /// <summary>Room for a <c>wasmtime_extern_t</c> (32 bytes in Wasmtime 50).</summary>
    [InlineArray(6)]
    public struct ExternBuffer { private ulong _element; }
}
