using System.Runtime.InteropServices;
using Mik.Durable.Runtime.Wasm;
using static Mik.Durable.Runtime.Components.ComponentApi;
using static Mik.Durable.Runtime.Wasm.WasmtimeApi;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// Serves one request with a component, straight on the C API: a fresh Store whose data is the request, limited
/// (deadline, memory) before anything runs; instantiate through the linker; call <c>handle</c> with a host
/// <c>incoming-request</c> and <c>response-outparam</c>; read back what the guest set.
/// </summary>
internal static unsafe class HttpComponentRunner
{
    public static HttpComponentResponse Run(WasmEngine engine, HttpComponentLinker linker, HttpComponent component,
        HttpIncomingRequest request, TimeSpan timeout, long maxMemoryBytes)
    {
        var state = new HttpRequestState();
        var data = GCHandle.Alloc(state);
        var store = wasmtime_store_new(engine.NativeEngine, GCHandle.ToIntPtr(data), IntPtr.Zero);
        try
        {
            var context = wasmtime_store_context(store);
            // With epoch interruption on, a Store without a deadline traps at once.
            wasmtime_context_set_epoch_deadline(context, engine.TicksFor(timeout));
            wasmtime_store_limiter(store, maxMemoryBytes, -1, -1, -1, -1);

            HandleBuffer instance = default;
            var error = wasmtime_component_linker_instantiate(linker.Native, context, component.Native, &instance);
            if (error != IntPtr.Zero) return HttpComponentResponse.Failed(NativeFailure.Take(error, IntPtr.Zero).Message);

            HandleBuffer func = default;
            if (!wasmtime_component_instance_get_func(&instance, context, component.Handle, &func))
                return HttpComponentResponse.Failed("the handler's handle export is not a function");

            var args = stackalloc ComponentVal[2];
            args[0] = HostCall.Own(context, HttpResource.IncomingRequest, state.Add(request));
            args[1] = HostCall.Own(context, HttpResource.ResponseOutparam, state.Add(new HttpResponseOutparam()));
            error = wasmtime_component_func_call(&func, context, args, 2, null, 0);
            wasmtime_component_val_delete(&args[0]);
            wasmtime_component_val_delete(&args[1]);
            if (error != IntPtr.Zero)
            {
                var failure = NativeFailure.Take(error, IntPtr.Zero);
                return HttpComponentResponse.Failed(state.HostFailure ?? failure.Message);
            }
            return state.Response is { } response
                ? new HttpComponentResponse(response.Status, response.Headers.Entries, response.Body?.Content.WrittenMemory ?? ReadOnlyMemory<byte>.Empty)
                {
                    BodyFinished = response.Body?.Finished ?? false,
                }
                : HttpComponentResponse.Failed("the component returned without setting a response");
        }
        finally
        {
            wasmtime_store_delete(store);
            data.Free();
        }
    }
}
