using System.Reflection;
using System.Runtime.InteropServices;
using Wasmtime;
using Module = Wasmtime.Module;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// The native pointers behind Wasmtime.Dotnet's <see cref="Engine"/> and <see cref="Module"/>, which compile and
/// cache modules for us (and serve the WASI path) while requests run through <see cref="WasmtimeApi"/>. The package
/// keeps them in an internal <c>NativeHandle</c> property; the version is pinned centrally and every test that runs
/// a guest goes through here, so a package update that renames it fails the build's tests, not production.
/// </summary>
internal static class WasmtimeHandles
{
    private const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic;

    private static readonly PropertyInfo EngineHandle = Find(typeof(Engine));
    private static readonly PropertyInfo ModuleHandle = Find(typeof(Module));
    private static readonly PropertyInfo ConfigHandle = Find(typeof(Config));

    /// <summary>The <c>wasm_engine_t*</c>; valid while <paramref name="engine"/> is not disposed.</summary>
    public static IntPtr Of(Engine engine) => Pointer(EngineHandle.GetValue(engine));

    /// <summary>The <c>wasmtime_module_t*</c>; valid while <paramref name="module"/> is not disposed.</summary>
    public static IntPtr Of(Module module) => Pointer(ModuleHandle.GetValue(module));

    /// <summary>The <c>wasm_config_t*</c>; valid until an engine is made from <paramref name="config"/>.</summary>
    public static IntPtr Of(Config config) => Pointer(ConfigHandle.GetValue(config));

    private static IntPtr Pointer(object? handle) =>
        handle is SafeHandle { IsInvalid: false, IsClosed: false } safe
            ? safe.DangerousGetHandle()
            : throw new ObjectDisposedException("a disposed Wasmtime object has no native handle");

    private static PropertyInfo Find(Type type) =>
        type.GetProperty("NativeHandle", Internal) is { } property && typeof(SafeHandle).IsAssignableFrom(property.PropertyType)
            ? property
            : throw new InvalidOperationException(
                $"Wasmtime.Dotnet {WasmEngine.WasmtimeVersion} has no internal {type.Name}.NativeHandle; the native binding needs it");
}
