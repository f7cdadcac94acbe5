using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>output-stream</c>'s non-blocking calls. The body collects in memory, so a write is done when it returns:
/// <c>check-write</c> always permits <see cref="Permit"/> bytes, flushing has nothing to wait for, and the output
/// cap is enforced by the write itself (<see cref="HttpTypesHost.StreamWrite"/>).
/// </summary>
internal static unsafe class HttpStreamHost
{
    /// <summary>What <c>check-write</c> permits: a bound, so a guest that sizes its buffer by it stays small.</summary>
    public const ulong Permit = 64 * 1024;

    /// <summary><c>[method]output-stream.check-write -&gt; result&lt;u64, stream-error&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr CheckWrite(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            OutputStream(context, args[0]);
            results[0] = ComponentVal.Ok(new ComponentVal { Kind = ComponentVal.KindU64, U64 = Permit });
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]output-stream.flush</c> and <c>blocking-flush</c> -&gt; <c>result&lt;_, stream-error&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Flush(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            OutputStream(context, args[0]);
            results[0] = ComponentVal.Ok();
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    // A response body's stream or a wasi:cli stdout/stderr one (GuestOutputStream): both take writes at once.
    private static void OutputStream(IntPtr context, in ComponentVal handle)
    {
        if (State(context).Get<object>(Rep(context, handle, HttpResource.OutputStream)) is not (HttpOutputStream or GuestOutputStream))
            throw new InvalidOperationException("expected an output-stream handle");
    }
}
