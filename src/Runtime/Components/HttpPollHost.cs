using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>wasi:io/poll</c> and the streams' <c>subscribe</c>. A request's body and response live in memory, so every
/// pollable is ready when made: <c>ready</c> is true, <c>block</c> returns at once, <c>poll</c> answers every index,
/// and no thread ever waits on a guest (docs/components.md).
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

    /// <summary><c>[method]pollable.ready -&gt; bool</c>: true, or for an outgoing call once it has ended.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Ready(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var pollable = State(context).Get<HttpPollable>(Rep(context, args[0], HttpResource.Pollable));
            results[0] = ComponentVal.Bool(pollable.Until is not { IsCompleted: false });
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>[method]pollable.block</c>: returns at once, or for an outgoing call when it has ended, and never later than
    /// the handler's deadline: Wasmtime's epoch cannot interrupt a host call, so this wait must end on its own.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Block(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var pollable = state.Get<HttpPollable>(Rep(context, args[0], HttpResource.Pollable));
            if (pollable.Until is { IsCompleted: false } until) Wait([until], state);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>poll(in: list&lt;borrow&lt;pollable&gt;&gt;) -&gt; list&lt;u32&gt;</c>: every index, in order. With more than
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
            if (pollables.All(p => p.Until is { IsCompleted: false })) Wait([.. pollables.Select(p => p.Until!)], state);
            // At the deadline with nothing ready, the first index: the guest's next instruction meets the epoch's trap.
            var indices = Enumerable.Range(0, count).Where(i => pollables[i].Until is not { IsCompleted: false }).DefaultIfEmpty(0).ToArray();
            var ready = ComponentBytes.List(indices.Length);
            for (var i = 0; i < indices.Length; i++) ready.ListData[i] = new ComponentVal { Kind = ComponentVal.KindU32, U32 = (uint)indices[i] };
            results[0] = ready;
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// How long past the handler's deadline a wait may last: every call ends by then on its own timer (with
    /// <c>connection-timeout</c> or <c>connection-read-timeout</c>), and this lets that ending reach the guest.
    /// </summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    // Waits for the first of the calls, at most what is left of the handler's time budget (and the grace).
    private static void Wait(Task[] calls, HttpRequestState state) =>
        Task.WaitAny(calls, state.Outbound is { } outbound ? outbound.Remaining + Grace : TimeSpan.Zero);
}
