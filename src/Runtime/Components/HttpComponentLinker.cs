using System.Text;
using Wasmtime;
using static Mik.Durable.Runtime.Components.ComponentApi;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// A component linker holding mik's host side of <c>wasi:http</c>: its own resource types and host functions under
/// the interface names a handler imports. Wasmtime's <c>wasmtime_component_linker_add_wasi_http</c> is not used: it
/// serves only outgoing HTTP and offers no way to make an <c>incoming-request</c> or read a
/// <c>response-outparam</c> (docs/components.md). Definitions use <see cref="Version"/>; Wasmtime's linker serves
/// imports of an older 0.2.x from them.
/// </summary>
internal sealed unsafe class HttpComponentLinker : IDisposable
{
    public const string Version = "0.2.6";

    public HttpComponentLinker(IntPtr engine)
    {
        Native = wasmtime_component_linker_new(engine);
        var root = wasmtime_component_linker_root(Native);
        try
        {
            Define(root, $"wasi:io/error@{Version}", instance => Resource(instance, "error", HttpResource.IoError));
            Define(root, $"wasi:io/poll@{Version}", instance =>
            {
                Resource(instance, "pollable", HttpResource.Pollable);
                Func(instance, "[method]pollable.ready", &HttpPollHost.Ready);
                Func(instance, "[method]pollable.block", &HttpPollHost.Block);
                Func(instance, "poll", &HttpPollHost.Poll);
            });
            Define(root, $"wasi:io/streams@{Version}", instance =>
            {
                Resource(instance, "output-stream", HttpResource.OutputStream);
                Func(instance, "[method]output-stream.blocking-write-and-flush", &HttpTypesHost.StreamWrite);
                Func(instance, "[method]output-stream.write", &HttpTypesHost.StreamWrite);
                Func(instance, "[method]output-stream.check-write", &HttpStreamHost.CheckWrite);
                Func(instance, "[method]output-stream.subscribe", &HttpPollHost.Subscribe);
                Func(instance, "[method]input-stream.subscribe", &HttpPollHost.Subscribe);
                Func(instance, "[method]output-stream.flush", &HttpStreamHost.Flush);
                Func(instance, "[method]output-stream.blocking-flush", &HttpStreamHost.Flush);
                Resource(instance, "input-stream", HttpResource.InputStream);
                Func(instance, "[method]input-stream.read", &HttpBodyHost.Read);
                Func(instance, "[method]input-stream.blocking-read", &HttpBodyHost.Read);
            });
            Define(root, $"wasi:http/types@{Version}", instance =>
            {
                Resource(instance, "fields", HttpResource.Fields);
                Resource(instance, "incoming-request", HttpResource.IncomingRequest);
                Resource(instance, "outgoing-response", HttpResource.OutgoingResponse);
                Resource(instance, "incoming-body", HttpResource.IncomingBody);
                Func(instance, "[method]incoming-request.consume", &HttpBodyHost.Consume);
                Func(instance, "[method]incoming-body.stream", &HttpBodyHost.Stream);
                Resource(instance, "outgoing-body", HttpResource.OutgoingBody);
                Resource(instance, "response-outparam", HttpResource.ResponseOutparam);
                Func(instance, "[constructor]fields", &HttpTypesHost.FieldsNew);
                Func(instance, "[method]fields.append", &HttpFieldsHost.Append);
                Func(instance, "[method]fields.get", &HttpFieldsHost.Get);
                Func(instance, "[method]fields.set", &HttpFieldsHost.Set);
                Func(instance, "[method]fields.delete", &HttpFieldsHost.Delete);
                Func(instance, "[method]fields.has", &HttpFieldsHost.Has);
                Func(instance, "[method]outgoing-response.headers", &HttpFieldsHost.ResponseHeaders);
                Func(instance, "[method]incoming-request.method", &HttpFieldsHost.RequestMethod);
                Func(instance, "[method]incoming-request.path-with-query", &HttpFieldsHost.RequestPath);
                Func(instance, "[method]incoming-request.headers", &HttpFieldsHost.RequestHeaders);
                Func(instance, "[constructor]outgoing-response", &HttpTypesHost.ResponseNew);
                Func(instance, "[method]outgoing-response.set-status-code", &HttpTypesHost.ResponseSetStatus);
                Func(instance, "[method]outgoing-response.status-code", &HttpTypesHost.ResponseStatus);
                Func(instance, "[method]outgoing-response.body", &HttpTypesHost.ResponseBody);
                Func(instance, "[method]outgoing-body.write", &HttpTypesHost.BodyWrite);
                Func(instance, "[static]outgoing-body.finish", &HttpTypesHost.BodyFinish);
                Func(instance, "[static]response-outparam.set", &HttpTypesHost.OutparamSet);
                // Outgoing HTTP (docs/components.md, Outgoing HTTP).
                Resource(instance, "outgoing-request", HttpResource.OutgoingRequest);
                Func(instance, "[constructor]outgoing-request", &OutgoingRequestHost.New);
                Func(instance, "[method]outgoing-request.body", &OutgoingRequestHost.Body);
                Func(instance, "[method]outgoing-request.method", &OutgoingRequestHost.Method);
                Func(instance, "[method]outgoing-request.set-method", &OutgoingRequestHost.SetMethod);
                Func(instance, "[method]outgoing-request.path-with-query", &OutgoingRequestHost.PathWithQuery);
                Func(instance, "[method]outgoing-request.set-path-with-query", &OutgoingRequestHost.SetPathWithQuery);
                Func(instance, "[method]outgoing-request.scheme", &OutgoingRequestHost.Scheme);
                Func(instance, "[method]outgoing-request.set-scheme", &OutgoingRequestHost.SetScheme);
                Func(instance, "[method]outgoing-request.authority", &OutgoingRequestHost.Authority);
                Func(instance, "[method]outgoing-request.set-authority", &OutgoingRequestHost.SetAuthority);
                Func(instance, "[method]outgoing-request.headers", &OutgoingRequestHost.Headers);
                Resource(instance, "request-options", HttpResource.RequestOptions);
                Func(instance, "[constructor]request-options", &RequestOptionsHost.New);
                Func(instance, "[method]request-options.connect-timeout", &RequestOptionsHost.ConnectTimeout);
                Func(instance, "[method]request-options.set-connect-timeout", &RequestOptionsHost.SetConnectTimeout);
                Func(instance, "[method]request-options.first-byte-timeout", &RequestOptionsHost.FirstByteTimeout);
                Func(instance, "[method]request-options.set-first-byte-timeout", &RequestOptionsHost.SetFirstByteTimeout);
                Func(instance, "[method]request-options.between-bytes-timeout", &RequestOptionsHost.BetweenBytesTimeout);
                Func(instance, "[method]request-options.set-between-bytes-timeout", &RequestOptionsHost.SetBetweenBytesTimeout);
                Resource(instance, "future-incoming-response", HttpResource.FutureIncomingResponse);
                Func(instance, "[method]future-incoming-response.subscribe", &OutgoingHandlerHost.Subscribe);
                Func(instance, "[method]future-incoming-response.get", &OutgoingHandlerHost.Get);
                Resource(instance, "incoming-response", HttpResource.IncomingResponse);
                Func(instance, "[method]incoming-response.status", &OutgoingHandlerHost.Status);
                Func(instance, "[method]incoming-response.headers", &OutgoingHandlerHost.Headers);
                Func(instance, "[method]incoming-response.consume", &OutgoingHandlerHost.Consume);
            });
            // The rest of wasi:http/types and wasi:io (re-opening an instance adds to it).
            Define(root, $"wasi:io/error@{Version}", instance => Func(instance, "[method]error.to-debug-string", &HttpIoErrorHost.ToDebugString));
            Define(root, $"wasi:io/streams@{Version}", instance =>
            {
                Func(instance, "[method]input-stream.skip", &HttpStreamCopyHost.Skip);
                Func(instance, "[method]input-stream.blocking-skip", &HttpStreamCopyHost.Skip);
                Func(instance, "[method]output-stream.write-zeroes", &HttpStreamCopyHost.WriteZeroes);
                Func(instance, "[method]output-stream.blocking-write-zeroes-and-flush", &HttpStreamCopyHost.WriteZeroes);
                Func(instance, "[method]output-stream.splice", &HttpStreamCopyHost.Splice);
                Func(instance, "[method]output-stream.blocking-splice", &HttpStreamCopyHost.Splice);
            });
            Define(root, $"wasi:http/types@{Version}", instance =>
            {
                Func(instance, "[method]fields.entries", &HttpFieldsListHost.Entries);
                Func(instance, "[method]fields.clone", &HttpFieldsListHost.Clone);
                Func(instance, "[static]fields.from-list", &HttpFieldsListHost.FromList);
                Func(instance, "[method]incoming-request.scheme", &HttpRequestTargetHost.Scheme);
                Func(instance, "[method]incoming-request.authority", &HttpRequestTargetHost.Authority);
                Resource(instance, "future-trailers", HttpResource.FutureTrailers);
                Func(instance, "[static]incoming-body.finish", &HttpTrailersHost.FinishIncoming);
                Func(instance, "[method]future-trailers.subscribe", &HttpTrailersHost.Subscribe);
                Func(instance, "[method]future-trailers.get", &HttpTrailersHost.Get);
                Func(instance, "http-error-code", &HttpIoErrorHost.HttpErrorCode);
            });
            WasiWorldDefinitions.Define(root);
            Define(root, $"wasi:http/outgoing-handler@{Version}", instance =>
                Func(instance, "handle", &OutgoingHandlerHost.Handle));
        }
        catch
        {
            wasmtime_component_linker_delete(Native);
            throw;
        }
        finally
        {
            wasmtime_component_linker_instance_delete(root);
        }
    }

    /// <summary>The <c>wasmtime_component_linker_t*</c>; instantiation only reads it, from any thread.</summary>
    public IntPtr Native { get; private set; }

    public void Dispose()
    {
        if (Native == IntPtr.Zero) return;
        wasmtime_component_linker_delete(Native);
        Native = IntPtr.Zero;
    }

    // A nested linker instance holds the linker exclusively until it is deleted, so each is deleted before the next.
    internal static void Define(IntPtr parent, string name, Action<IntPtr> define)
    {
        IntPtr instance;
        fixed (byte* bytes = Encoding.UTF8.GetBytes(name))
            Check(wasmtime_component_linker_instance_add_instance(parent, bytes, (nuint)Encoding.UTF8.GetByteCount(name), out instance));
        try
        {
            define(instance);
        }
        finally
        {
            wasmtime_component_linker_instance_delete(instance);
        }
    }

    internal static void Resource(IntPtr instance, string name, HttpResource resource)
    {
        var type = wasmtime_component_resource_type_new_host((uint)resource);
        try
        {
            fixed (byte* bytes = Encoding.UTF8.GetBytes(name))
                Check(wasmtime_component_linker_instance_add_resource(instance, bytes, (nuint)Encoding.UTF8.GetByteCount(name), type,
                    &HttpTypesHost.Drop, (IntPtr)(uint)resource, IntPtr.Zero));
        }
        finally
        {
            wasmtime_component_resource_type_delete(type);
        }
    }

    internal static void Func(IntPtr instance, string name,
        delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, ComponentVal*, nuint, ComponentVal*, nuint, IntPtr> callback)
    {
        fixed (byte* bytes = Encoding.UTF8.GetBytes(name))
            Check(wasmtime_component_linker_instance_add_func(instance, bytes, (nuint)Encoding.UTF8.GetByteCount(name), callback, IntPtr.Zero, IntPtr.Zero));
    }

    private static void Check(IntPtr error)
    {
        if (error != IntPtr.Zero) throw new WasmtimeException(Wasm.NativeFailure.Take(error, IntPtr.Zero).Message);
    }
}
