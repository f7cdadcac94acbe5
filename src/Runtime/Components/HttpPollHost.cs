using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>wasi:io/poll</c> and the streams' <c>subscribe</c>. A request's body and response live in memory, so a
/// stream's pollable is ready when made; only a clock's (<see cref="ClockPollable"/>) makes the guest's thread wait,
/// never past the request's deadline (docs/components.md).
/// </summary>
internal static unsafe class HttpPollHost
{
    /// <summary><c>[method]output-stream.subscribe</c> and <c>[method]input-stream.subscribe -&gt; own&lt;pollable&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Subscribe(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            if (Resolve(context, args[0]).Type is not (HttpResource.OutputStream or HttpResource.InputStream))
                throw new InvalidOperationException("expected a stream handle");
            results[0] = Own(context, HttpResource.Pollable, State(context).Add(new HttpPollable()));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]pollable.ready -&gt; bool</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Ready(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            results[0] = ComponentVal.Bool(state.Get<HttpPollable>(Rep(context, args[0], HttpResource.Pollable)).IsReady(state));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]pollable.block</c>: at once, but for a clock's pollable.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Block(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            state.Get<HttpPollable>(Rep(context, args[0], HttpResource.Pollable)).Block(state);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>poll(in: list&lt;borrow&lt;pollable&gt;&gt;) -&gt; list&lt;u32&gt;</c>: the ready indexes, in order. With more than
    /// one pollable, Wasmtime 50.0.1 traps the call itself ("deferred host scope has no call context",
    /// docs/components.md), before or after this runs.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Poll(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var count = checked((int)args[0].ListSize);
            // The interface traps on an empty list: there would be nothing to wait for, for ever.
            if (count == 0) throw new InvalidOperationException("poll with an empty list");
            var state = State(context);
            var pollables = new HttpPollable[count];
            for (var i = 0; i < count; i++) pollables[i] = state.Get<HttpPollable>(Rep(context, args[0].ListData[i], HttpResource.Pollable));
            // Only clock pollables can be unready: wait for the earliest (never past the request's deadline).
            if (!pollables.Any(p => p.IsReady(state))) pollables.OfType<ClockPollable>().MinBy(p => p.ReadyAt)?.Block(state);
            var indexes = Enumerable.Range(0, count).Where(i => pollables[i].IsReady(state)).ToArray();
            var ready = ComponentBytes.List(indexes.Length);
            for (var i = 0; i < indexes.Length; i++) ready.ListData[i] = new ComponentVal { Kind = ComponentVal.KindU32, U32 = (uint)indexes[i] };
            results[0] = ready;
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }
}
