using Microsoft.Win32.SafeHandles;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// A module with its imports resolved and type-checked once (<c>wasmtime_instance_pre_t</c>), so a request's
/// instantiation only allocates. Freed when the module is unloaded and no request holds it any more.
/// </summary>
internal sealed class InstancePreHandle() : SafeHandleZeroOrMinusOneIsInvalid(ownsHandle: true)
{
    public static InstancePreHandle Wrap(IntPtr pointer)
    {
        var handle = new InstancePreHandle();
        handle.SetHandle(pointer);
        return handle;
    }

    protected override bool ReleaseHandle()
    {
        WasmtimeApi.wasmtime_instance_pre_delete(handle);
        return true;
    }
}
