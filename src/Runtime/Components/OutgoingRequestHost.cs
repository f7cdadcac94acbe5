using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// <c>wasi:http/types</c>' <c>outgoing-request</c>: what a guest builds for <c>outgoing-handler.handle</c>. A value
/// mik refuses is the setter's error case, never a trap.
/// </summary>
internal static unsafe class OutgoingRequestHost
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

    /// <summary><c>[constructor]outgoing-request(headers: own&lt;headers&gt;)</c>: the fields move into the request.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr New(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var headers = state.Take<HttpFields>(Rep(context, args[0], HttpResource.Fields));
            results[0] = Own(context, HttpResource.OutgoingRequest, state.Add(new HttpOutgoingRequest(headers)));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-request.body -&gt; result&lt;own&lt;outgoing-body&gt;&gt;</c>: once.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Body(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var request = Request(context, args[0]);
            if (request.Body is not null)
            {
                results[0] = ComponentVal.Err();
                return IntPtr.Zero;
            }
            request.Body = new HttpOutgoingBody();
            results[0] = ComponentVal.Ok(Own(context, HttpResource.OutgoingBody, state.Add(request.Body)));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-request.method -&gt; method</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Method(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var method = Request(context, args[0]).Method;
            results[0] = Methods.Contains(method, StringComparer.Ordinal)
                ? ComponentVal.Case(method.ToLowerInvariant())
                : ComponentVal.Case("other", ComponentBytes.FromText(method));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-request.set-method(method) -&gt; result</c>: <c>other</c> must be a token.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr SetMethod(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var request = Request(context, args[0]);
            var name = CaseName(args[1]);
            var method = name == "other" ? ComponentBytes.ToText(*args[1].VariantVal) : name.ToUpperInvariant();
            var valid = method.Length > 0 && method.All(c => c < 0x7f && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)));
            if (valid) request.Method = method;
            results[0] = valid ? ComponentVal.Ok() : ComponentVal.Err();
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-request.path-with-query -&gt; option&lt;string&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr PathWithQuery(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            results[0] = OptionalText(Request(context, args[0]).PathWithQuery);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-request.set-path-with-query(option&lt;string&gt;) -&gt; result</c>: starts with <c>/</c>, no spaces.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr SetPathWithQuery(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var request = Request(context, args[0]);
            var path = args[1].Option is null ? null : ComponentBytes.ToText(*args[1].Option);
            var valid = path is null || (path.StartsWith('/') && path.All(c => c > ' ' && c < 0x7f));
            if (valid) request.PathWithQuery = path;
            results[0] = valid ? ComponentVal.Ok() : ComponentVal.Err();
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-request.scheme -&gt; option&lt;scheme&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Scheme(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            results[0] = Request(context, args[0]).Scheme switch
            {
                null => ComponentVal.None(),
                "http" => ComponentVal.Some(ComponentVal.Case("HTTP")),
                "https" => ComponentVal.Some(ComponentVal.Case("HTTPS")),
                var other => ComponentVal.Some(ComponentVal.Case("other", ComponentBytes.FromText(other))),
            };
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>[method]outgoing-request.set-scheme(option&lt;scheme&gt;) -&gt; result</c>. Any scheme is kept; <c>handle</c>
    /// refuses one that is not http or https.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr SetScheme(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var request = Request(context, args[0]);
            if (args[1].Option is null) request.Scheme = null;
            else
            {
                var scheme = *args[1].Option;
                var name = CaseName(scheme);
                request.Scheme = name == "other" ? ComponentBytes.ToText(*scheme.VariantVal).ToLowerInvariant() : name.ToLowerInvariant();
            }
            results[0] = ComponentVal.Ok();
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-request.authority -&gt; option&lt;string&gt;</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Authority(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            results[0] = OptionalText(Request(context, args[0]).Authority);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-request.set-authority(option&lt;string&gt;) -&gt; result</c>: <c>host[:port]</c> only.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr SetAuthority(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var request = Request(context, args[0]);
            var authority = args[1].Option is null ? null : ComponentBytes.ToText(*args[1].Option);
            var valid = authority is null || (authority.Length > 0 && authority.IndexOfAny(['/', '?', '#', '@', ' ']) < 0
                && Uri.TryCreate($"http://{authority}/", UriKind.Absolute, out _));
            if (valid) request.Authority = authority;
            results[0] = valid ? ComponentVal.Ok() : ComponentVal.Err();
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-request.headers -&gt; own&lt;headers&gt;</c>: an immutable copy, as the interface says.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Headers(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            results[0] = Own(context, HttpResource.Fields, State(context).Add(Request(context, args[0]).Headers.ImmutableCopy()));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    private static HttpOutgoingRequest Request(IntPtr context, in ComponentVal handle) =>
        State(context).Get<HttpOutgoingRequest>(Rep(context, handle, HttpResource.OutgoingRequest));

    private static string CaseName(in ComponentVal variant) =>
        variant.Kind == ComponentVal.KindVariant
            ? System.Text.Encoding.UTF8.GetString(variant.StringData, checked((int)variant.ListSize))
            : throw new InvalidOperationException("expected a variant");

    private static ComponentVal OptionalText(string? text) =>
        text is null ? ComponentVal.None() : ComponentVal.Some(ComponentBytes.FromText(text));
}
