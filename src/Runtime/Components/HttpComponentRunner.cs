using System.Runtime.InteropServices;
using Mik.Durable.Runtime.Wagi;
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
    public const string NoResponse = "the component returned without setting a response";
    public const string ErrorCodeAnswer = "the handler answered with error-code ";
    public const string Unfinished = "the component returned without finishing its response body (outgoing-body.finish)";

    public static HttpComponentResponse Run(WasmEngine engine, HttpComponentLinker linker, HttpComponent component,
        HttpIncomingRequest request, TimeSpan timeout, long maxMemoryBytes, long maxBodyBytes = long.MaxValue,
        IHttpClientConnection? connection = null)
    {
        using var streaming = connection is null ? null : new HttpStreaming(connection, timeout, TimeProvider.System);
        var state = new HttpRequestState { MaxBodyBytes = maxBodyBytes, Streaming = streaming };
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
            if (error != IntPtr.Zero) return HttpComponentResponse.Failed(WagiFailureKind.InstantiateFailed,
                    WagiOutcome.FailedToInstantiate + NativeFailure.Take(error, IntPtr.Zero).Message);

            HandleBuffer func = default;
            if (!wasmtime_component_instance_get_func(&instance, context, component.Handle, &func))
                return HttpComponentResponse.Failed(WagiFailureKind.InstantiateFailed, "the handler's handle export is not a function");

            var args = stackalloc ComponentVal[2];
            args[0] = HostCall.Own(context, HttpResource.IncomingRequest, state.Add(request));
            args[1] = HostCall.Own(context, HttpResource.ResponseOutparam, state.Add(new HttpResponseOutparam()));
            error = wasmtime_component_func_call(&func, context, args, 2, null, 0);
            wasmtime_component_val_delete(&args[0]);
            wasmtime_component_val_delete(&args[1]);
            if (error != IntPtr.Zero) return CallFailed(NativeFailure.Take(error, IntPtr.Zero), state, timeout);
            // Decision (docs/components.md): an error-code instead of a response is the guest's own failure, as a
            // WAGI module's non-zero exit is: 500 handler_exit, the code in the message.
            if (state.ErrorCode is { } code)
                return HttpComponentResponse.Failed(WagiFailureKind.HandlerExit, $"{ErrorCodeAnswer}{code}");
            // A wait on the client that ran into the deadline ends the run as the epoch interrupt would have.
            if (streaming is { DeadlinePassed: true })
                return HttpComponentResponse.Failed(WagiFailureKind.HandlerTimeout, $"{TimedOut(timeout)}: {streaming.WriteFailure ?? streaming.ReadFailure}");
            if (state.Response is not { } response) return HttpComponentResponse.Failed(WagiFailureKind.InvalidHandlerOutput, NoResponse);
            // A body taken and never finished is a cut-off response, not a short one (docs/components.md).
            if (response.Body is { Finished: false }) return HttpComponentResponse.Failed(WagiFailureKind.InvalidHandlerOutput, Unfinished);
            return new HttpComponentResponse(response.Status, response.Headers.Entries, response.Body?.Content.WrittenMemory ?? ReadOnlyMemory<byte>.Empty)
            {
                BodyFinished = response.Body?.Finished ?? false,
                Streamed = streaming?.Started ?? false,
            };
        }
        finally
        {
            wasmtime_store_delete(store);
            data.Free();
        }
    }

    /// <summary>
    /// A component call's failure is a <c>wasmtime_error_t</c>, never a <c>wasm_trap_t</c>, and the C API reads a trap
    /// code only from the latter: the epoch interrupt is known by Wasmtime's text for it (docs/components.md).
    /// </summary>
    private static HttpComponentResponse CallFailed(NativeFailure failure, HttpRequestState state, TimeSpan timeout)
    {
        if (state.BodyTooLarge)
            return HttpComponentResponse.Failed(WagiFailureKind.OutputTooLarge, $"the handler's response body passed {state.MaxBodyBytes} bytes");
        if (state.Streaming is { DeadlinePassed: true } streaming)
            return HttpComponentResponse.Failed(WagiFailureKind.HandlerTimeout, $"{TimedOut(timeout)}: {streaming.WriteFailure ?? streaming.ReadFailure}");
        if (failure.Message.Contains(InterruptCause, StringComparison.Ordinal))
            return HttpComponentResponse.Failed(WagiFailureKind.HandlerTimeout, TimedOut(timeout));
        var cause = state.HostFailure is { } refused ? $"a host call refused: {refused}" : Describe(failure);
        return HttpComponentResponse.Failed(WagiFailureKind.HandlerTrap, $"the handler trapped: {cause}");
    }

    private const string InterruptCause = "wasm trap: interrupt";

    private static string TimedOut(TimeSpan timeout) => $"the handler ran longer than {timeout.TotalSeconds:0.###} s";

    private static string Describe(NativeFailure failure) =>
        WagiOutcome.Describe(new Wasmtime.WasmtimeException(failure.Message), failure.Function);
}
