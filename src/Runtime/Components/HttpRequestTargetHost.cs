using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>incoming-request.scheme</c> and <c>authority</c>: how the client came in (<c>http</c> unless mik serves TLS)
/// and the <c>Host</c> it asked for.
/// </summary>
internal static unsafe class HttpRequestTargetHost
{
    /// <summary><c>[method]incoming-request.scheme -&gt; option&lt;scheme&gt;</c>: <c>HTTP</c>, <c>HTTPS</c> or <c>other</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Scheme(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var scheme = State(context).Get<HttpIncomingRequest>(Rep(context, args[0], HttpResource.IncomingRequest)).Scheme;
            results[0] = ComponentVal.Some(scheme.ToLowerInvariant() switch
            {
                "http" => ComponentVal.Case("HTTP"),
                "https" => ComponentVal.Case("HTTPS"),
                _ => ComponentVal.Case("other", ComponentBytes.FromText(scheme)),
            });
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]incoming-request.authority -&gt; option&lt;string&gt;</c>: the <c>Host</c> header, none without one.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Authority(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var authority = State(context).Get<HttpIncomingRequest>(Rep(context, args[0], HttpResource.IncomingRequest)).Authority;
            results[0] = authority is null ? ComponentVal.None() : ComponentVal.Some(ComponentBytes.FromText(authority));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }
}
