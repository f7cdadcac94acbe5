using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>wasi:clocks/monotonic-clock</c> and <c>wasi:clocks/wall-clock</c> from the engine's <see cref="TimeProvider"/>.
/// A monotonic instant is nanoseconds of <see cref="TimeProvider.GetTimestamp"/>; its pollables are
/// <see cref="ClockPollable"/>s.
/// </summary>
internal static unsafe class ClocksHost
{
    private const ulong NanosPerSecond = 1_000_000_000;

    /// <summary><c>monotonic-clock.now -&gt; instant</c> (u64 nanoseconds).</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr MonotonicNow(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var time = State(context).Time;
            results[0] = ComponentValues.U64(ToNanos(time, time.GetTimestamp()));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>monotonic-clock.resolution -&gt; duration</c>: one timestamp tick, at least 1 ns.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr MonotonicResolution(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            results[0] = ComponentValues.U64(Math.Max(1, ToNanos(State(context).Time, 1)));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>subscribe-instant(when: instant) -&gt; own&lt;pollable&gt;</c>: ready at that instant.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr SubscribeInstant(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            results[0] = Own(context, HttpResource.Pollable, state.Add(new ClockPollable(ToTimestamp(state.Time, args[0].U64))));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>subscribe-duration(when: duration) -&gt; own&lt;pollable&gt;</c>: ready that many nanoseconds from now.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr SubscribeDuration(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var time = state.Time;
            var now = time.GetTimestamp();
            var at = ToTimestamp(time, ToNanos(time, now) + Math.Min(args[0].U64, ulong.MaxValue / 2));
            results[0] = Own(context, HttpResource.Pollable, state.Add(new ClockPollable(at)));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>wall-clock.now -&gt; datetime</c>: seconds and nanoseconds since the Unix epoch.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr WallNow(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var since = State(context).Time.GetUtcNow() - DateTimeOffset.UnixEpoch;
            var ticks = (ulong)Math.Max(0, since.Ticks);
            results[0] = DateTime(ticks / TimeSpan.TicksPerSecond, (uint)(ticks % TimeSpan.TicksPerSecond * 100));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>wall-clock.resolution -&gt; datetime</c>: a <see cref="DateTimeOffset"/> tick, 100 ns.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr WallResolution(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            results[0] = DateTime(0, 100);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    private static ComponentVal DateTime(ulong seconds, uint nanoseconds) =>
        ComponentValues.Record(("seconds", ComponentValues.U64(seconds)), ("nanoseconds", ComponentValues.U32(nanoseconds)));

    private static ulong ToNanos(TimeProvider time, long timestamp) =>
        (ulong)((UInt128)(ulong)Math.Max(0, timestamp) * NanosPerSecond / (ulong)time.TimestampFrequency);

    private static long ToTimestamp(TimeProvider time, ulong nanos)
    {
        var timestamp = (UInt128)nanos * (ulong)time.TimestampFrequency / NanosPerSecond;
        return timestamp > long.MaxValue ? long.MaxValue : (long)timestamp;
    }
}
