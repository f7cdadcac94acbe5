using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.ComponentApi;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// What every host function of a component shares: finding the request behind the Store, turning a handle the
/// guest passed into the host object behind it, handing a new host object out as an owned handle, and turning a
/// refusal into a <c>wasmtime_error_t</c> (an exception must never cross back into Wasmtime).
/// </summary>
internal static unsafe class HostCall
{
    /// <summary>The error a host function returns for <paramref name="refusal"/>; the request remembers the first.</summary>
    public static IntPtr Fail(IntPtr context, Exception refusal)
    {
        // Nothing may throw here: this runs inside Wasmtime's call of the host function.
        var data = Wasm.WasmtimeApi.wasmtime_context_get_data(context);
        if (data != IntPtr.Zero && GCHandle.FromIntPtr(data).Target is HttpRequestState state) state.HostFailure ??= refusal.Message;
        return wasmtime_error_new(refusal.Message);
    }

    public static HttpRequestState State(IntPtr context) =>
        (HttpRequestState)GCHandle.FromIntPtr(Wasm.WasmtimeApi.wasmtime_context_get_data(context)).Target!;

    /// <summary>The rep of a host resource the guest passed (owned or borrowed), after checking its type.</summary>
    public static uint Rep(IntPtr context, in ComponentVal value, HttpResource expected)
    {
        var (type, rep) = Resolve(context, value);
        return type == expected ? rep : throw new InvalidOperationException($"expected a {expected} handle, got resource type {type}");
    }

    /// <summary>
    /// The type and rep of a host resource the guest passed. Reading it is also what ends a borrow the guest lent:
    /// a borrowed handle never read traps the call ("borrow handles still remain").
    /// </summary>
    public static (HttpResource Type, uint Rep) Resolve(IntPtr context, in ComponentVal value)
    {
        if (value.Kind != ComponentVal.KindResource) throw new InvalidOperationException("expected a resource handle");
        Check(wasmtime_component_resource_any_to_host(context, value.Resource, out var host));
        try
        {
            return ((HttpResource)wasmtime_component_resource_host_type(host), wasmtime_component_resource_host_rep(host));
        }
        finally
        {
            wasmtime_component_resource_host_delete(host);
        }
    }

    /// <summary>A new owned handle to host resource <paramref name="rep"/>, for a result the guest receives.</summary>
    public static ComponentVal Own(IntPtr context, HttpResource type, uint rep)
    {
        var host = wasmtime_component_resource_host_new(true, rep, (uint)type);
        try
        {
            Check(wasmtime_component_resource_host_to_any(context, host, out var any));
            return ComponentVal.OfResource(any);
        }
        finally
        {
            wasmtime_component_resource_host_delete(host);
        }
    }

    private static void Check(IntPtr error)
    {
        if (error != IntPtr.Zero) throw new InvalidOperationException(Wasm.NativeFailure.Take(error, IntPtr.Zero).Message);
    }
}
