using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Mik.Durable.Api.Admin.Audit;
using Mik.Durable.Api.Admin.Circuits;
using Mik.Durable.Api.Admin.Config;
using Mik.Durable.Api.Audit;
using Mik.Durable.Api.Hosting;

namespace Mik.Durable.Api.Admin;

/// <summary>The routes of design section 8 on the admin listener; each one sends its use case through Mediator.</summary>
internal static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("").WithMetadata(new ListenerMetadata(Listener.Admin));
        admin.MapGet("/audit", QueryAuditAsync);
        admin.MapGet("/circuits", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListCircuits(), ct)));
        admin.MapPost("/circuits/{module}/reset", async (string module, HttpContext context, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ResetCircuit(module, Actor(context)), ct)));
        admin.MapGet("/config", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetConfig(), ct)));
        return app;
    }

    /// <summary>Who did an admin action: there is one API key, so the caller's address is what tells callers apart.</summary>
    public static string Actor(HttpContext context) => "api@" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static async Task<Ok<AuditPage>> QueryAuditAsync([AsParameters] QueryAudit query, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(query, cancellationToken));
}
