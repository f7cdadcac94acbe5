using Wasmtime;
using static Mik.Durable.Runtime.Wasm.WasmtimeApi;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// The engine's linker holding the managed WASI subset as native host functions. Each module is pre-linked
/// against its own clone, in which every import the subset lacks is a trap, so a missing import fails the request
/// that calls it instead of every instantiation.
/// </summary>
internal sealed class ManagedWasiLinker : IDisposable
{
    private IntPtr _linker;

    public ManagedWasiLinker(Engine engine)
    {
        _linker = wasmtime_linker_new(WasmtimeHandles.Of(engine));
        ManagedWasi.Define(_linker);
    }

    /// <summary>Resolves and type-checks the module's imports; throws <see cref="WasmtimeException"/> when they cannot link.</summary>
    public InstancePreHandle Prepare(Module module)
    {
        ObjectDisposedException.ThrowIf(_linker == IntPtr.Zero, this);
        var native = WasmtimeHandles.Of(module);
        var linker = wasmtime_linker_clone(_linker);
        try
        {
            var error = wasmtime_linker_define_unknown_imports_as_traps(linker, native);
            var pre = IntPtr.Zero;
            if (error == IntPtr.Zero) error = wasmtime_linker_instantiate_pre(linker, native, out pre);
            if (error != IntPtr.Zero) throw new WasmtimeException(NativeFailure.Take(error, IntPtr.Zero).Message);
            return InstancePreHandle.Wrap(pre);
        }
        finally
        {
            wasmtime_linker_delete(linker);
        }
    }

    public void Dispose()
    {
        if (_linker == IntPtr.Zero) return;
        wasmtime_linker_delete(_linker);
        _linker = IntPtr.Zero;
    }
}
