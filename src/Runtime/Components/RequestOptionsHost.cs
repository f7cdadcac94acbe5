using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>wasi:http/types</c>' <c>request-options</c>: the guest's connect, first-byte and between-bytes timeouts
/// (<c>duration</c>: nanoseconds). They can only shorten a call: the handler's deadline bounds it anyway.
/// </summary>
internal static unsafe class RequestOptionsHost
{
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr New(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            results[0] = Own(context, HttpResource.RequestOptions, State(context).Add(new HttpRequestOptions()));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr ConnectTimeout(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount) =>
        Get(context, args, results, options => options.ConnectTimeout);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr SetConnectTimeout(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount) =>
        Set(context, args, results, (options, value) => options.ConnectTimeout = value);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr FirstByteTimeout(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount) =>
        Get(context, args, results, options => options.FirstByteTimeout);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr SetFirstByteTimeout(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount) =>
        Set(context, args, results, (options, value) => options.FirstByteTimeout = value);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr BetweenBytesTimeout(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount) =>
        Get(context, args, results, options => options.BetweenBytesTimeout);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr SetBetweenBytesTimeout(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount) =>
        Set(context, args, results, (options, value) => options.BetweenBytesTimeout = value);

    // A getter: option<duration>.
    private static IntPtr Get(IntPtr context, ComponentVal* args, ComponentVal* results, Func<HttpRequestOptions, TimeSpan?> read)
    {
        try
        {
            results[0] = read(Options(context, args[0])) is { } value
                ? ComponentVal.Some(new ComponentVal { Kind = ComponentVal.KindU64, U64 = (ulong)value.Ticks * 100 })
                : ComponentVal.None();
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    // A setter: option<duration> -> result; none clears it.
    private static IntPtr Set(IntPtr context, ComponentVal* args, ComponentVal* results, Action<HttpRequestOptions, TimeSpan?> write)
    {
        try
        {
            var options = Options(context, args[0]);
            write(options, args[1].Option is null ? null : TimeSpan.FromTicks((long)Math.Min(args[1].Option->U64 / 100, (ulong)TimeSpan.MaxValue.Ticks)));
            results[0] = ComponentVal.Ok();
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    private static HttpRequestOptions Options(IntPtr context, in ComponentVal handle) =>
        State(context).Get<HttpRequestOptions>(Rep(context, handle, HttpResource.RequestOptions));
}
