using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Wasm;
using Wasmtime;

namespace Mik.Durable.Api.ModuleChanges;

/// <summary>
/// Compiles, loads and writes a version beside its final place, refusing what could not serve a single request: the
/// one gate for an upload, a rollback and a version an instance converges to.
/// </summary>
internal sealed class ModuleStager(ModuleLoader loader, WasmEngine engine)
{
    /// <summary>
    /// The staged version, ready for <see cref="ModuleRegistry.Install"/>. Throws <see cref="ModuleRefusedException"/>
    /// when it does not compile or cannot run here, and <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> when it cannot be written; nothing is left behind either way.
    /// </summary>
    public StagedModule Stage(string name, byte[] wasm, string sha256)
    {
        StagedModule staged;
        try
        {
            staged = loader.Stage(name, wasm, sha256);
        }
        catch (WasmtimeException e)
        {
            throw new ModuleRefusedException("does not compile: " + e.Message);
        }
        try
        {
            if (staged.Loaded.Unservable is { } cannotRun) throw new ModuleRefusedException("cannot run: " + cannotRun);
            // A component is instantiated per request: an import mik does not provide would fail every one, as an
            // unlinkable import of a module does (docs/operations.md).
            if (staged.Loaded.Component is { } component
                && ComponentLinkCheck.Unprovided(engine.NativeEngine, component.Component) is { Count: > 0 } unprovided)
                throw new ModuleRefusedException("cannot run: " + string.Join("; ", unprovided));
            return staged;
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }
}
