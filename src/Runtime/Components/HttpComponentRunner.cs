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
    public const string ExitedWithError = "the handler exited with an error (wasi:cli/exit)";
    public const string Unfinished = "the component returned without finishing its response body (outgoing-body.finish)";

    /// <param name="connection">
    /// The client's connection when the server streams the request (docs/components.md, "Streaming"); null: the
    /// request body is <see cref="HttpIncomingRequest.Body"/> and the response is held whole.
    /// </param>
    public static HttpComponentResponse Run(WasmEngine engine, HttpComponentLinker linker, HttpComponent component,
        HttpIncomingRequest request, TimeSpan timeout, long maxMemoryBytes, long maxBodyBytes = long.MaxValue, WasiWorld? world = null,
        OutboundContext? outbound = null, IHttpClientConnection? connection = null)
    {
        world ??= WasiWorld.Empty;
        var time = engine.Time;
        using var streaming = connection is null ? null : new HttpStreaming(connection, timeout, time);
        var state = new HttpRequestState
        {
            MaxBodyBytes = maxBodyBytes, Outbound = outbound, Streaming = streaming, Time = time, World = world,
            Output = new ComponentOutputLog(world.MaxOutputBytes),
            DeadlineTimestamp = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency),
        };
        // The guest's stdout and stderr lines go with every answer, a failure's too (they often say why).
        return Run(engine, linker, component, request, timeout, maxMemoryBytes, state) with { OutputLines = state.Output.Complete() };
    }

    private static HttpComponentResponse Run(WasmEngine engine, HttpComponentLinker linker, HttpComponent component,
        HttpIncomingRequest request, TimeSpan timeout, long maxMemoryBytes, HttpRequestState state)
    {
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
            return Answered(state, timeout);
        }
        finally
        {
            wasmtime_store_delete(store);
            data.Free();
            // Outgoing calls still running end with the request that made them.
            state.Outbound?.Dispose();
        }
    }

    private static HttpComponentResponse Answered(HttpRequestState state, TimeSpan timeout)
    {
        // A write refused at the cap failed the guest's stream, not its call: the request still ends output_too_large.
        if (state.BodyTooLarge) return BodyTooLarge(state);
        // Decision (docs/components.md): an error-code instead of a response is the guest's own failure, as a
        // WAGI module's non-zero exit is: 500 handler_exit, the code in the message.
        if (state.ErrorCode is { } code)
            return HttpComponentResponse.Failed(WagiFailureKind.HandlerExit, $"{ErrorCodeAnswer}{code}");
        // A wait on the client that ran into the deadline ends the run as the epoch interrupt would have.
        if (state.Streaming is { DeadlinePassed: true } streaming)
            return HttpComponentResponse.Failed(WagiFailureKind.HandlerTimeout, $"{TimedOut(timeout)}: {streaming.WriteFailure ?? streaming.ReadFailure}");
        if (state.Response is not { } response) return HttpComponentResponse.Failed(WagiFailureKind.InvalidHandlerOutput, NoResponse);
        // A body taken and never finished is a cut-off response, not a short one (docs/components.md).
        if (response.Body is { Finished: false }) return HttpComponentResponse.Failed(WagiFailureKind.InvalidHandlerOutput, Unfinished);
        return new HttpComponentResponse(response.Status, response.Headers.ToSend(), response.Body?.Content.WrittenMemory ?? ReadOnlyMemory<byte>.Empty)
        {
            BodyFinished = response.Body?.Finished ?? false,
            Streamed = state.Streaming?.Started ?? false,
        };
    }

    /// <summary>
    /// A component call's failure is a <c>wasmtime_error_t</c>, never a <c>wasm_trap_t</c>, and the C API reads a trap
    /// code only from the latter: the epoch interrupt is known by Wasmtime's text for it (docs/components.md).
    /// </summary>
    private static HttpComponentResponse CallFailed(NativeFailure failure, HttpRequestState state, TimeSpan timeout)
    {
        // Decision (docs/components.md): wasi:cli/exit ends the call; ok answers with the response set before it,
        // an error is the guest's failure like a WAGI module's non-zero exit.
        if (state.ExitOk is { } ok)
            return ok ? Answered(state, timeout) : HttpComponentResponse.Failed(WagiFailureKind.HandlerExit, ExitedWithError);
        if (state.WaitedPastDeadline) return HttpComponentResponse.Failed(WagiFailureKind.HandlerTimeout, TimedOut(timeout));
        if (state.BodyTooLarge) return BodyTooLarge(state);
        if (state.Streaming is { DeadlinePassed: true } streaming)
            return HttpComponentResponse.Failed(WagiFailureKind.HandlerTimeout, $"{TimedOut(timeout)}: {streaming.WriteFailure ?? streaming.ReadFailure}");
        if (failure.Message.Contains(InterruptCause, StringComparison.Ordinal))
            return HttpComponentResponse.Failed(WagiFailureKind.HandlerTimeout, TimedOut(timeout));
        var cause = state.HostFailure is { } refused ? $"a host call refused: {refused}" : Describe(failure);
        return HttpComponentResponse.Failed(WagiFailureKind.HandlerTrap, $"the handler trapped: {cause}");
    }

    private static HttpComponentResponse BodyTooLarge(HttpRequestState state) =>
        HttpComponentResponse.Failed(WagiFailureKind.OutputTooLarge, $"the handler's response body passed {state.MaxBodyBytes} bytes");

    private const string InterruptCause = "wasm trap: interrupt";

    private static string TimedOut(TimeSpan timeout) => $"the handler ran longer than {timeout.TotalSeconds:0.###} s";

    private static string Describe(NativeFailure failure) =>
        WagiOutcome.Describe(new Wasmtime.WasmtimeException(failure.Message), failure.Function);
}
