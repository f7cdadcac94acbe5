using Mik.Durable.Api.Hosting;
using Mik.Durable.Runtime.Threads;

namespace Mik.Durable.Api.Handlers;

/// <summary><c>ANY /run/{module}/{**path}</c> on the runtime listener: one fresh sandbox per request (docs/runtime.md, docs/wagi.md).</summary>
internal static class RunApi
{
    public static IEndpointRouteBuilder MapRunApi(this IEndpointRouteBuilder app)
    {
        // Created now, not on the first request: its thread must be watching before the first guest runs.
        app.ServiceProvider.GetRequiredService<BlockedRunCompensator>();
        // A plain request delegate over a singleton: no per-request parameter binding or service resolution
        // (which also spared creating a DI scope per request).
        var handler = app.ServiceProvider.GetRequiredService<RunHandler>();
        var runtimeOnly = new ListenerMetadata(Listener.Runtime);
        app.Map("/run/{module}", handler.HandleAsync).WithMetadata(runtimeOnly, HandlerEndpointMetadata.Instance);
        app.Map("/run/{module}/{**path}", handler.HandleAsync).WithMetadata(runtimeOnly, HandlerEndpointMetadata.Instance);
        return app;
    }
}
