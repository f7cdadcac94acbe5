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

    /// <summary><c>[method]pollable.ready -&gt; bool</c>: always true.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Ready(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            State(context).Get<HttpPollable>(Rep(context, args[0], HttpResource.Pollable));
            results[0] = ComponentVal.Bool(true);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]pollable.block</c>: returns at once.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Block(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            State(context).Get<HttpPollable>(Rep(context, args[0], HttpResource.Pollable));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>poll(in: list&lt;borrow&lt;pollable&gt;&gt;) -&gt; list&lt;u32&gt;</c>: every index, in order. Two or more
    /// pollables need the engine's concurrency support off (<see cref="Wasm.WasmEngine"/>, docs/components.md).
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
            var ready = ComponentBytes.List(count);
            for (var i = 0; i < count; i++)
            {
                state.Get<HttpPollable>(Rep(context, args[0].ListData[i], HttpResource.Pollable));
                ready.ListData[i] = new ComponentVal { Kind = ComponentVal.KindU32, U32 = (uint)i };
            }
            results[0] = ready;
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }
}
