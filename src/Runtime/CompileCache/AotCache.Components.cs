using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Wasm;
using Wasmtime;

namespace Mik.Durable.Runtime.CompileCache;

/// <summary>Components: the same artifact rules as modules, with <c>kind: component</c> in the header.</summary>
internal sealed partial class AotCache
{
    private IntPtr NativeEngine => WasmtimeHandles.Of(engine);

    /// <summary>
    /// The component's verified artifact, or the component compiled from <paramref name="wasm"/> (read only then)
    /// with its artifact rewritten. Throws <see cref="WasmtimeException"/> when the wasm does not compile.
    /// </summary>
    public CompiledComponent LoadComponent(string name, string wasmPath, Func<byte[]> wasm, string sourceSha256)
    {
        var found = TryRead(wasmPath, Expected(sourceSha256, AotKinds.Component),
            bytes => HttpComponent.Deserialize(NativeEngine, name, bytes), out var size, out var invalid, out var detail);
        if (found is not null) return new CompiledComponent(found, CacheTier.Aot, size, TimeSpan.Zero);
        var (component, compileTime, written, writeError) =
            CompileAndWrite(wasmPath, sourceSha256, AotKinds.Component, ComponentCompiler(name, wasm()));
        return new CompiledComponent(component.Value, CacheTier.Compiled, component.Serialized.Length, compileTime, invalid, detail, writeError, written);
    }

    /// <summary>A component upload, compiled, with its artifact in a temporary file (see <see cref="Stage"/>).</summary>
    public (CompiledComponent Component, string? TemporaryPath) StageComponent(string name, string wasmPath, byte[] wasm, string sourceSha256)
    {
        var (component, compileTime, temp) = CompileAndStage(wasmPath, sourceSha256, AotKinds.Component, ComponentCompiler(name, wasm));
        return (new CompiledComponent(component.Value, CacheTier.Compiled, component.Serialized.Length, compileTime, ArtifactWritten: temp is not null), temp);
    }

    private Func<Compiled<HttpComponent>> ComponentCompiler(string name, byte[] wasm) => () =>
    {
        var component = HttpComponent.Compile(NativeEngine, name, wasm);
        try
        {
            return new Compiled<HttpComponent>(component, component.Serialize());
        }
        catch
        {
            component.Dispose();
            throw;
        }
    };
}
