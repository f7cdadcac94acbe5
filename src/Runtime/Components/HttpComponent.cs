using System.Text;
using Wasmtime;
using static Mik.Durable.Runtime.Components.ComponentApi;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// A compiled <c>wasi:http</c> component and the index of its <c>incoming-handler.handle</c> export, looked up
/// once so a request only instantiates and calls.
/// </summary>
internal sealed unsafe class HttpComponent : IDisposable
{
    public const string HandlerInterface = "wasi:http/incoming-handler@0.2";

    private HttpComponent(string name, IntPtr component, IntPtr handle, string handlerExport)
    {
        Name = name;
        HandlerExport = handlerExport;
        Native = component;
        Handle = handle;
    }

    public string Name { get; }

    /// <summary>The handler interface it exports, with the version it was built against (<c>wasi:http/incoming-handler@0.2.0</c>).</summary>
    public string HandlerExport { get; }

    /// <summary>The <c>wasmtime_component_t*</c>.</summary>
    public IntPtr Native { get; private set; }

    /// <summary>The export index of <c>handle</c> inside the handler interface.</summary>
    public IntPtr Handle { get; private set; }

    /// <summary>Whether <paramref name="wasm"/> starts like a component (<c>\0asm</c>, version 0x0d, layer 1).</summary>
    public static bool IsComponent(ReadOnlySpan<byte> wasm) => wasm.StartsWith("\0asm\x0d\0\x01\0"u8);

    /// <summary>Compiles a component; throws <see cref="WasmtimeException"/> when it is invalid or exports no handler.</summary>
    public static HttpComponent Compile(IntPtr engine, string name, ReadOnlySpan<byte> wasm)
    {
        IntPtr component;
        fixed (byte* bytes = wasm)
        {
            var error = wasmtime_component_new(engine, bytes, (nuint)wasm.Length, out component);
            if (error != IntPtr.Zero) throw new WasmtimeException(Wasm.NativeFailure.Take(error, IntPtr.Zero).Message);
        }
        return WithHandler(engine, name, component);
    }

    /// <summary>
    /// A component from its serialized form (<see cref="Serialize"/>); only ever called with bytes whose AOT artifact
    /// verified (docs/runtime.md). Throws <see cref="WasmtimeException"/> when Wasmtime refuses them.
    /// </summary>
    public static HttpComponent Deserialize(IntPtr engine, string name, ReadOnlySpan<byte> serialized)
    {
        IntPtr component;
        fixed (byte* bytes = serialized)
        {
            var error = wasmtime_component_deserialize(engine, bytes, (nuint)serialized.Length, out component);
            if (error != IntPtr.Zero) throw new WasmtimeException(Wasm.NativeFailure.Take(error, IntPtr.Zero).Message);
        }
        return WithHandler(engine, name, component);
    }

    /// <summary>The compiled component in Wasmtime's serialized form, for its AOT artifact.</summary>
    public byte[] Serialize()
    {
        var error = wasmtime_component_serialize(Native, out var bytes);
        if (error != IntPtr.Zero) throw new WasmtimeException(Wasm.NativeFailure.Take(error, IntPtr.Zero).Message);
        try
        {
            return new ReadOnlySpan<byte>(bytes.Data, (int)bytes.Size).ToArray();
        }
        finally
        {
            Wasm.WasmtimeApi.wasm_byte_vec_delete(ref bytes);
        }
    }

    private static HttpComponent WithHandler(IntPtr engine, string name, IntPtr component)
    {
        var handlerName = FindHandlerName(engine, component);
        var handler = Export(component, IntPtr.Zero, handlerName);
        var handle = handler == IntPtr.Zero ? IntPtr.Zero : Export(component, handler, "handle");
        if (handler != IntPtr.Zero) wasmtime_component_export_index_delete(handler);
        if (handle != IntPtr.Zero) return new HttpComponent(name, component, handle, handlerName);
        wasmtime_component_delete(component);
        throw new WasmtimeException($"component {name} does not export {HandlerInterface}.x handle");
    }

    /// <summary>Compiles a component from the component text format (tests, examples).</summary>
    public static HttpComponent CompileText(IntPtr engine, string name, string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        Wasm.WasmtimeApi.NativeVec wasm;
        IntPtr error;
        fixed (byte* bytes = utf8) error = wasmtime_wat2wasm(bytes, (nuint)utf8.Length, out wasm);
        if (error != IntPtr.Zero) throw new WasmtimeException(Wasm.NativeFailure.Take(error, IntPtr.Zero).Message);
        try
        {
            return Compile(engine, name, new ReadOnlySpan<byte>(wasm.Data, (int)wasm.Size));
        }
        finally
        {
            Wasm.WasmtimeApi.wasm_byte_vec_delete(ref wasm);
        }
    }

    public void Dispose()
    {
        if (Native == IntPtr.Zero) return;
        wasmtime_component_export_index_delete(Handle);
        wasmtime_component_delete(Native);
        Native = Handle = IntPtr.Zero;
    }

    // The export's name carries the exact version the guest was built against. Looking a name up by index would not
    // tell it: Wasmtime matches 0.2.x names by semver, so any 0.2 patch asked for finds the export.
    private static string FindHandlerName(IntPtr engine, IntPtr component)
    {
        var type = wasmtime_component_type(component);
        try
        {
            var count = wasmtime_component_type_export_count(type, engine);
            for (nuint i = 0; i < count; i++)
            {
                if (!wasmtime_component_type_export_nth(type, engine, i, out var bytes, out var length, out var exported)) break;
                var name = Encoding.UTF8.GetString(bytes, (int)length);
                wasmtime_component_extern_delete(exported);
                if (name.StartsWith(HandlerInterface + ".", StringComparison.Ordinal)) return name;
            }
        }
        finally
        {
            wasmtime_component_type_delete(type);
        }
        return $"{HandlerInterface}.0";
    }

    private static IntPtr Export(IntPtr component, IntPtr instance, string name)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        fixed (byte* bytes = utf8) return wasmtime_component_get_export_index(component, instance, bytes, (nuint)utf8.Length);
    }
}
