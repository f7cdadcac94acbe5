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
                Func(instance, "[method]outgoing-response.body", &HttpTypesHost.ResponseBody);
                Func(instance, "[method]outgoing-body.write", &HttpTypesHost.BodyWrite);
                Func(instance, "[static]outgoing-body.finish", &HttpTypesHost.BodyFinish);
                Func(instance, "[static]response-outparam.set", &HttpTypesHost.OutparamSet);
            });
            WasiWorldDefinitions.Define(root);
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
