using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// Reading the request body: <c>incoming-request.consume</c>, <c>incoming-body.stream</c> and
/// <c>input-stream.read</c>/<c>blocking-read</c>. The body is already in memory (bounded by <c>max_body_mb</c>
/// before the guest runs), so a read never waits.
/// </summary>
internal static unsafe class HttpBodyHost
{
    /// <summary><c>[method]incoming-request.consume -&gt; result&lt;own&lt;incoming-body&gt;&gt;</c>: once.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Consume(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var request = state.Get<HttpIncomingRequest>(Rep(context, args[0], HttpResource.IncomingRequest));
            if (request.Consumed)
            {
                results[0] = ComponentVal.Err();
                return IntPtr.Zero;
            }
            request.Consumed = true;
            results[0] = ComponentVal.Ok(Own(context, HttpResource.IncomingBody, state.Add(new HttpIncomingBody(request.Body, state.Streaming))));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]incoming-body.stream -&gt; result&lt;own&lt;input-stream&gt;&gt;</c>: once.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Stream(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var body = state.Get<HttpIncomingBody>(Rep(context, args[0], HttpResource.IncomingBody));
            if (body.StreamTaken)
            {
                results[0] = ComponentVal.Err();
                return IntPtr.Zero;
            }
            body.StreamTaken = true;
            results[0] = ComponentVal.Ok(Own(context, HttpResource.InputStream, state.Add(new HttpInputStream(body.Content, body.Source))));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>[method]input-stream.read(len: u64) -&gt; result&lt;list&lt;u8&gt;, stream-error&gt;</c>, also serving
    /// <c>blocking-read</c>: up to <c>len</c> bytes, <c>stream-error.closed</c> at the end.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Read(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var stream = state.Get<HttpInputStream>(Rep(context, args[0], HttpResource.InputStream));
            var read = HttpStreamFailure.Read(context, state, stream, args[1].U64, out var failed);
            if (failed is { } error)
            {
                // The client's body could not be read (past max_body_mb, gone, the deadline): the guest is told, not trapped.
                results[0] = error;
                return IntPtr.Zero;
            }
            results[0] = read is { } bytes
                ? ComponentVal.Ok(ComponentBytes.FromBytes(bytes.Span))
                : ComponentVal.Err(ComponentVal.Case("closed"));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }
}
