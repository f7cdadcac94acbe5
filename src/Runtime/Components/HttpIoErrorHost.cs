using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>wasi:io/error</c>'s one method and <c>wasi:http/types.http-error-code</c>: what a guest can ask of the error a
/// failed stream operation handed it (<see cref="HttpStreamFailure"/>).
/// </summary>
internal static unsafe class HttpIoErrorHost
{
    /// <summary><c>[method]error.to-debug-string -&gt; string</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr ToDebugString(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var error = State(context).Get<HttpIoError>(Rep(context, args[0], HttpResource.IoError));
            results[0] = ComponentBytes.FromText(error.Message);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>http-error-code(err: borrow&lt;io-error&gt;) -&gt; option&lt;error-code&gt;</c>: none, since no error mik makes comes
    /// from an HTTP exchange (the only failure is the response body's cap, which is mik's, not the peer's).
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr HttpErrorCode(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            State(context).Get<HttpIoError>(Rep(context, args[0], HttpResource.IoError));
            results[0] = ComponentVal.None();
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }
}
