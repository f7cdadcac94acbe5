using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Mik.Durable.Runtime.Components.HostCall;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// The host functions of <c>wasi:http/types</c> and <c>wasi:io/streams</c> that a handler needs to answer: make
/// fields and a response, take its body and the body's stream, write, finish, set the outparam. Each runs on the
/// request's thread inside the guest's call; a refusal traps that call.
/// </summary>
internal static unsafe class HttpTypesHost
{
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr FieldsNew(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            results[0] = Own(context, HttpResource.Fields, State(context).Add(new HttpFields()));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-response.set-status-code(status-code: u16) -&gt; result</c>: 200..599 only (a 1xx is not a final answer; WAGI refuses it too).</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr ResponseSetStatus(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var response = State(context).Get<HttpOutgoingResponse>(Rep(context, args[0], HttpResource.OutgoingResponse));
            var status = args[1].U16;
            if (status is < 200 or > 599)
            {
                results[0] = ComponentVal.Err();
                return IntPtr.Zero;
            }
            response.Status = status;
            results[0] = ComponentVal.Ok();
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-response.status-code -&gt; status-code</c>: 200 until set.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr ResponseStatus(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var response = State(context).Get<HttpOutgoingResponse>(Rep(context, args[0], HttpResource.OutgoingResponse));
            results[0] = new ComponentVal { Kind = ComponentVal.KindU16, U16 = (ushort)response.Status };
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[constructor]outgoing-response(headers: own&lt;headers&gt;)</c>: the fields move into the response.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr ResponseNew(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var headers = state.Take<HttpFields>(Rep(context, args[0], HttpResource.Fields));
            results[0] = Own(context, HttpResource.OutgoingResponse, state.Add(new HttpOutgoingResponse(headers)));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-response.body</c>: the body once; a second call is the interface's error case.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr ResponseBody(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var response = state.Get<HttpOutgoingResponse>(Rep(context, args[0], HttpResource.OutgoingResponse));
            if (response.Body is not null)
            {
                results[0] = ComponentVal.Err();
                return IntPtr.Zero;
            }
            response.Body = new HttpOutgoingBody();
            results[0] = ComponentVal.Ok(Own(context, HttpResource.OutgoingBody, state.Add(response.Body)));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[method]outgoing-body.write</c>: the body's one output stream.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr BodyWrite(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var body = state.Get<HttpOutgoingBody>(Rep(context, args[0], HttpResource.OutgoingBody));
            if (body.StreamTaken)
            {
                results[0] = ComponentVal.Err();
                return IntPtr.Zero;
            }
            body.StreamTaken = body.StreamOpen = true;
            results[0] = ComponentVal.Ok(Own(context, HttpResource.OutputStream, state.Add(new HttpOutputStream(body))));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>
    /// <c>[method]output-stream.blocking-write-and-flush(contents: list&lt;u8&gt;)</c>, also serving <c>write</c> (in
    /// memory, a write is flushed when it returns). The C API hands a
    /// <c>list&lt;u8&gt;</c> over as one 32-byte value per byte (docs/components.md).
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr StreamWrite(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var rep = Rep(context, args[0], HttpResource.OutputStream);
            if (state.Get<object>(rep) is GuestOutputStream output)
            {
                output.Write(ComponentBytes.ToArray(args[1]));
                results[0] = ComponentVal.Ok();
                return IntPtr.Zero;
            }
            var body = state.Get<HttpOutputStream>(rep).Body;
            results[0] = HttpStreamFailure.Reserve(context, state, body, (long)args[1].ListSize)
                ?? HttpStreamFailure.Write(state, body, args[1]);
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[static]outgoing-body.finish(this: own&lt;outgoing-body&gt;, trailers)</c>: the body is complete.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr BodyFinish(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var body = state.Take<HttpOutgoingBody>(Rep(context, args[0], HttpResource.OutgoingBody));
            if (body.StreamOpen) throw new InvalidOperationException("outgoing-body finished while its output-stream is still open");
            // Decision (docs/components.md): trailers are taken and dropped; mik's response has no place for them.
            if (args[1].Option is not null) state.Take<HttpFields>(Rep(context, *args[1].Option, HttpResource.Fields));
            body.Finished = true;
            results[0] = ComponentVal.Ok();
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary><c>[static]response-outparam.set(param, response: result&lt;own&lt;outgoing-response&gt;, error-code&gt;)</c>.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr OutparamSet(IntPtr env, IntPtr context, IntPtr type, ComponentVal* args, nuint argCount, ComponentVal* results, nuint resultCount)
    {
        try
        {
            var state = State(context);
            var outparam = state.Take<HttpResponseOutparam>(Rep(context, args[0], HttpResource.ResponseOutparam));
            outparam.Set = true;
            if (args[1].ResultIsOk == 0)
            {
                state.ErrorCode = ComponentBytes.DescribeCase(*args[1].ResultVal);
                return IntPtr.Zero;
            }
            state.Response = state.Take<HttpOutgoingResponse>(Rep(context, *args[1].ResultVal, HttpResource.OutgoingResponse));
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }

    /// <summary>The guest dropped a handle it owned; <paramref name="env"/> is the <see cref="HttpResource"/> type.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static IntPtr Drop(IntPtr env, IntPtr context, uint rep)
    {
        try
        {
            var dropped = State(context).Drop(rep);
            if (dropped is HttpOutputStream stream) stream.Body.StreamOpen = false;
            if (dropped is HttpOutgoingBody body) body.Abandon();
            return IntPtr.Zero;
        }
        catch (Exception e) { return Fail(context, e); }
    }
}
