using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// Finishing the request body: <c>[static]incoming-body.finish</c> and the <c>future-trailers</c> it returns, ready
/// at once with no trailers (docs/components.md).
/// </summary>
internal static unsafe class HttpTrailersHost
{
    /// <summary><c>[static]incoming-body.finish(this: own&lt;incoming-body&gt;) -&gt; own&lt;future-trailers&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr FinishIncoming(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            state.Take<HttpIncomingBody>(Rep(context, args[0], HttpResource.IncomingBody));
            results[0] = Own(context, HttpResource.FutureTrailers, state.Add(new HttpFutureTrailers()));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]future-trailers.subscribe -&gt; own&lt;pollable&gt;</c>: ready at once.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Subscribe(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            state.Get<HttpFutureTrailers>(Rep(context, args[0], HttpResource.FutureTrailers));
            results[0] = Own(context, HttpResource.Pollable, state.Add(new HttpPollable()));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>[method]future-trailers.get -&gt; option&lt;result&lt;result&lt;option&lt;own&lt;trailers&gt;&gt;, error-code&gt;&gt;&gt;</c>:
    /// <c>some(ok(ok(none)))</c> (ready, no trailers) the first time, <c>some(err)</c> after, as the interface says.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Get(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var trailers = State(context).Get<HttpFutureTrailers>(Rep(context, args[0], HttpResource.FutureTrailers));
            results[0] = ComponentVal.Some(trailers.Taken ? ComponentVal.Err() : ComponentVal.Ok(ComponentVal.Ok(ComponentVal.None())));
            trailers.Taken = true;
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }
}
