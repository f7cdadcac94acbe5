using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// The <c>fields</c> methods of <c>wasi:http/types</c> and the <c>incoming-request</c> accessors: what a handler
/// reads of its request and how it builds its headers. A change mik refuses is a <c>header-error</c> case.
/// </summary>
internal static unsafe class HttpFieldsHost
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

    /// <summary><c>[method]fields.append(name: field-name, value: field-value) -&gt; result&lt;_, header-error&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Append(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var fields = State(context).Get<HttpFields>(Rep(context, args[0], HttpResource.Fields));
            var refusal = fields.Append(ComponentBytes.ToText(args[1]), ComponentBytes.ToArray(args[2]));
            results[0] = Answer(refusal);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]fields.get(name: field-name) -&gt; list&lt;field-value&gt;</c>: every value of the name, in order.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Get(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var fields = State(context).Get<HttpFields>(Rep(context, args[0], HttpResource.Fields));
            var values = fields.Values(ComponentBytes.ToText(args[1]));
            var list = ComponentBytes.List(values.Count);
            for (var i = 0; i < values.Count; i++) list.ListData[i] = ComponentBytes.FromBytes(values[i]);
            results[0] = list;
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]fields.set(name, value: list&lt;field-value&gt;) -&gt; result&lt;_, header-error&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Set(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var fields = State(context).Get<HttpFields>(Rep(context, args[0], HttpResource.Fields));
            var values = new byte[checked((int)args[2].ListSize)][];
            for (var i = 0; i < values.Length; i++) values[i] = ComponentBytes.ToArray(args[2].ListData[i]);
            results[0] = Answer(fields.Set(ComponentBytes.ToText(args[1]), values));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]fields.delete(name) -&gt; result&lt;_, header-error&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Delete(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var fields = State(context).Get<HttpFields>(Rep(context, args[0], HttpResource.Fields));
            results[0] = Answer(fields.Delete(ComponentBytes.ToText(args[1])));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]fields.has(name) -&gt; bool</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Has(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var fields = State(context).Get<HttpFields>(Rep(context, args[0], HttpResource.Fields));
            results[0] = ComponentVal.Bool(fields.Values(ComponentBytes.ToText(args[1])).Count > 0);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-response.headers -&gt; own&lt;headers&gt;</c>: an immutable view, as the interface says.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr ResponseHeaders(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var response = state.Get<HttpOutgoingResponse>(Rep(context, args[0], HttpResource.OutgoingResponse));
            results[0] = Own(context, HttpResource.Fields, state.Add(response.Headers.ImmutableCopy()));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]incoming-request.method -&gt; method</c>: a known method's case, else <c>other</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr RequestMethod(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var method = State(context).Get<HttpIncomingRequest>(Rep(context, args[0], HttpResource.IncomingRequest)).Method;
            results[0] = Methods.Contains(method, StringComparer.Ordinal)
                ? ComponentVal.Case(method.ToLowerInvariant())
                : ComponentVal.Case("other", ComponentBytes.FromText(method));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]incoming-request.path-with-query -&gt; option&lt;string&gt;</c>: the raw path and query.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr RequestPath(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var request = State(context).Get<HttpIncomingRequest>(Rep(context, args[0], HttpResource.IncomingRequest));
            results[0] = ComponentVal.Some(ComponentBytes.FromText(request.PathWithQuery));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]incoming-request.headers -&gt; own&lt;headers&gt;</c>: an immutable copy, one per call.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr RequestHeaders(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var request = state.Get<HttpIncomingRequest>(Rep(context, args[0], HttpResource.IncomingRequest));
            results[0] = Own(context, HttpResource.Fields, state.Add(request.Headers.ImmutableCopy()));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    private static ComponentVal Answer(string? refusal) =>
        refusal is null ? ComponentVal.Ok() : ComponentVal.Err(ComponentVal.Case(refusal));
}
