using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>wasi:http/outgoing-handler.handle</c> and what it returns: <c>future-incoming-response</c> and
/// <c>incoming-response</c>. A security boundary: a call goes out only to a host the module's
/// <c>allowed_outbound_hosts</c> lists; any other is <c>HTTP-request-denied</c> at once and one WARN
/// <c>outbound_denied</c> line (docs/components.md, Outgoing HTTP).
/// </summary>
internal static unsafe class OutgoingHandlerHost
{
    /// <summary><c>handle(request: own&lt;outgoing-request&gt;, options: option&lt;own&lt;request-options&gt;&gt;) -&gt; result&lt;own&lt;future-incoming-response&gt;, error-code&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Handle(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var request = state.Take<HttpOutgoingRequest>(Rep(context, args[0], HttpResource.OutgoingRequest));
            var options = args[1].Option is null ? null : state.Take<HttpRequestOptions>(Rep(context, *args[1].Option, HttpResource.RequestOptions));
            results[0] = OutgoingRequests.Send(state.Outbound, request, options) switch
            {
                { Error: { } refused } => ComponentVal.Err(refused.ToVal()),
                var started => ComponentVal.Ok(Own(context, HttpResource.FutureIncomingResponse, state.Add(new HttpFutureResponse(started.Call!)))),
            };
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]future-incoming-response.subscribe -&gt; own&lt;pollable&gt;</c>: ready when the call has ended.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Subscribe(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var future = state.Get<HttpFutureResponse>(Rep(context, args[0], HttpResource.FutureIncomingResponse));
            results[0] = Own(context, HttpResource.Pollable, state.Add(new OutgoingPollable(future.Call)));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>[method]future-incoming-response.get -&gt; option&lt;result&lt;result&lt;own&lt;incoming-response&gt;, error-code&gt;&gt;&gt;</c>:
    /// none until the call has ended, then its outcome once, then the outer error.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Get(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var future = state.Get<HttpFutureResponse>(Rep(context, args[0], HttpResource.FutureIncomingResponse));
            if (!future.Call.IsCompleted)
            {
                results[0] = ComponentVal.None();
                return IntPtr.Zero;
            }
            if (future.Taken)
            {
                results[0] = ComponentVal.Some(ComponentVal.Err());
                return IntPtr.Zero;
            }
            future.Taken = true;
            var outcome = future.Call.Result;
            var inner = outcome.Response is { } response
                ? ComponentVal.Ok(Own(context, HttpResource.IncomingResponse, state.Add(response)))
                : ComponentVal.Err(outcome.Error!.ToVal());
            results[0] = ComponentVal.Some(ComponentVal.Ok(inner));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]incoming-response.status -&gt; status-code</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Status(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var response = State(context).Get<HttpIncomingResponse>(Rep(context, args[0], HttpResource.IncomingResponse));
            results[0] = new ComponentVal { Kind = ComponentVal.KindU16, U16 = (ushort)response.Status };
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]incoming-response.headers -&gt; own&lt;headers&gt;</c>: an immutable copy.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Headers(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var response = state.Get<HttpIncomingResponse>(Rep(context, args[0], HttpResource.IncomingResponse));
            results[0] = Own(context, HttpResource.Fields, state.Add(response.Headers.ImmutableCopy()));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]incoming-response.consume -&gt; result&lt;own&lt;incoming-body&gt;&gt;</c>: once; read like a request's body.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Consume(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var response = state.Get<HttpIncomingResponse>(Rep(context, args[0], HttpResource.IncomingResponse));
            if (response.Consumed)
            {
                results[0] = ComponentVal.Err();
                return IntPtr.Zero;
            }
            response.Consumed = true;
            results[0] = ComponentVal.Ok(Own(context, HttpResource.IncomingBody, state.Add(new HttpIncomingBody(response.Body))));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }
}
