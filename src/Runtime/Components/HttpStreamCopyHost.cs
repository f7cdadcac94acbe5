using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// The streams' calls that move bytes without handing them to the guest: <c>input-stream.skip</c>,
/// <c>output-stream.write-zeroes</c> and <c>splice</c> (each with its blocking twin, the same in memory). Writes stop
/// at the response body's cap like <c>write</c> (<see cref="HttpStreamFailure"/>).
/// </summary>
internal static unsafe class HttpStreamCopyHost
{
    /// <summary><c>[method]input-stream.skip(len: u64) -&gt; result&lt;u64, stream-error&gt;</c>, also <c>blocking-skip</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Skip(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var stream = state.Get<HttpInputStream>(Rep(context, args[0], HttpResource.InputStream));
            var skipped = HttpStreamFailure.Read(context, state, stream, args[1].U64, out var failed);
            results[0] = failed ?? (skipped is { } bytes
                ? ComponentVal.Ok(new ComponentVal { Kind = ComponentVal.KindU64, U64 = (ulong)bytes.Length })
                : ComponentVal.Err(ComponentVal.Case("closed")));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>[method]output-stream.write-zeroes(len: u64) -&gt; result&lt;_, stream-error&gt;</c>, also
    /// <c>blocking-write-zeroes-and-flush</c>.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr WriteZeroes(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var stream = state.Get<HttpOutputStream>(Rep(context, args[0], HttpResource.OutputStream));
            var length = (long)Math.Min(args[1].U64, long.MaxValue);
            results[0] = HttpStreamFailure.Reserve(context, state, stream.Body, length) ?? WriteZeroes(state, stream.Body, length);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>[method]output-stream.splice(src: borrow&lt;input-stream&gt;, len: u64) -&gt; result&lt;u64, stream-error&gt;</c>,
    /// also <c>blocking-splice</c>: up to <c>len</c> bytes of the source into this stream; <c>closed</c> once the
    /// source is at its end.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Splice(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var stream = state.Get<HttpOutputStream>(Rep(context, args[0], HttpResource.OutputStream));
            var source = state.Get<HttpInputStream>(Rep(context, args[1], HttpResource.InputStream));
            if (HttpStreamFailure.Read(context, state, source, args[2].U64, out var failed) is not { } bytes)
            {
                results[0] = failed ?? ComponentVal.Err(ComponentVal.Case("closed"));
                return IntPtr.Zero;
            }
            var written = HttpStreamFailure.Reserve(context, state, stream.Body, bytes.Length) ?? HttpStreamFailure.Write(state, stream.Body, bytes.Span);
            results[0] = written.ResultIsOk == 1
                ? ComponentVal.Ok(new ComponentVal { Kind = ComponentVal.KindU64, U64 = (ulong)bytes.Length })
                : written;
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    private static readonly byte[] Zeroes = new byte[4096];

    private static ComponentVal WriteZeroes(HttpRequestState state, HttpOutgoingBody body, long length)
    {
        for (var left = length; left > 0; left -= Zeroes.Length)
        {
            var written = HttpStreamFailure.Write(state, body, Zeroes.AsSpan(0, (int)Math.Min(left, Zeroes.Length)));
            if (!(written.ResultIsOk == 1)) return written;
        }
        return ComponentVal.Ok();
    }
}
