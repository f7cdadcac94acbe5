using Mik.Durable.Api.Hosting;

namespace Mik.Durable.Api.Requests;

/// <summary><c>ANY /run/{module}/{**path}</c> on the runtime listener: one fresh sandbox per request (docs/runtime.md, docs/wagi.md).</summary>
internal static class RunApi
{
    public static IEndpointRouteBuilder MapRunApi(this IEndpointRouteBuilder app)
    {
        // A plain request delegate over a singleton: no per-request parameter binding or service resolution
        // (which also spared creating a DI scope per request). Resolving it now also starts the blocked-run
        // compensator's watching thread (through RequestAdmission) before the first guest runs.
        var handler = app.ServiceProvider.GetRequiredService<RunHandler>();
        var runtimeOnly = new ListenerMetadata(Listener.Runtime);
        app.Map("/run/{module}", handler.HandleAsync).WithMetadata(runtimeOnly, HandlerEndpointMetadata.Instance);
        app.Map("/run/{module}/{**path}", handler.HandleAsync).WithMetadata(runtimeOnly, HandlerEndpointMetadata.Instance);
        return app;
    }
}
