using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Mik.Durable.Api.Admin.Audit;
using Mik.Durable.Api.Admin.Cache;
using Mik.Durable.Api.Admin.Circuits;
using Mik.Durable.Api.Admin.Config;
using Mik.Durable.Api.Admin.Instances;
using Mik.Durable.Api.Admin.Modules;
using Mik.Durable.Api.Admin.State;
using Mik.Durable.Api.Hosting;
using Mik.Durable.Api.Logging;
using Mik.Durable.Api.Requests;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Admin;

/// <summary>The admin routes (docs/operations.md) on the admin listener; each one sends its use case through Mediator.</summary>
internal static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("").WithMetadata(new ListenerMetadata(Listener.Admin));
        admin.MapGet("/instances", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListInstances(), ct)));
        admin.MapPost("/instances/prune", async (string? instance, HttpContext context, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new PruneInstances(instance, Actor(context)), ct)));
        admin.MapPost("/state/rebuild", async (string? projection, HttpContext context, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new RebuildState(projection, Actor(context)), ct)));
        admin.MapGet("/audit", async ([AsParameters] QueryAudit query, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(query, ct)));

        admin.MapGet("/modules", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListModules(), ct)));
        admin.MapGet("/modules/{name}", async (string name, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new GetModule(name), ct)));
        admin.MapPut("/modules/{name}", DeployAsync);
        admin.MapDelete("/modules/{name}", async (string name, string? reason, HttpContext context, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new RemoveModule(name, reason, Actor(context)), ct)));
        admin.MapPost("/modules/{name}/rollback", RollbackAsync);
        admin.MapGet("/modules/{name}/history", async (string name, string? limit, string? after, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ModuleHistory(name, limit, after), ct)));

        admin.MapGet("/circuits", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListCircuits(), ct)));
        admin.MapPost("/circuits/{module}/reset", async (string module, HttpContext context, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ResetCircuit(module, Actor(context)), ct)));

        admin.MapGet("/cache", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetCache(), ct)));
        admin.MapPost("/cache/clean", async (HttpContext context, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new CleanCache(Actor(context)), ct)));
        admin.MapPost("/cache/clear", async (HttpContext context, IMediator mediator, CancellationToken ct) =>
            TypedResults.Ok(await mediator.Send(new ClearCache(Actor(context)), ct)));

        admin.MapGet("/config", async (IMediator mediator, CancellationToken ct) => TypedResults.Ok(await mediator.Send(new GetConfig(), ct)));
        return app;
    }

    /// <summary>Who did an admin action: there is one API key, so the caller's address is what tells callers apart.</summary>
    public static string Actor(HttpContext context) => "api@" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static async Task<Results<Created<RollbackResult>, Ok<RollbackResult>>> RollbackAsync(
        string name, string? to, HttpContext context, IMediator mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new RollbackModule(name, to, Actor(context)), cancellationToken);
        return result.Created ? TypedResults.Created($"/modules/{name}", result) : TypedResults.Ok(result);
    }

    private static async Task<Results<Created<DeployResult>, Ok<DeployResult>>> DeployAsync(
        string name, HttpContext context, IMediator mediator, MikConfig config, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        byte[] bytes;
        long size;
        try
        {
            (bytes, size) = await ModuleUpload.ReadAsync(context, config.Admin.MaxModuleMb * 1024L * 1024L, cancellationToken);
        }
        catch (BadHttpRequestException refused)
        {
            var (status, error, message) = RequestBodyRejection.Record(loggers.CreateLogger(LogTargets.Server), context, refused, "");
            throw new AdminException(status, error.Replace('_', ' '), message, error);
        }
        var result = await mediator.Send(new DeployModule(name, bytes, size, Actor(context)), cancellationToken);
        return result.Created ? TypedResults.Created($"/modules/{name}", result) : TypedResults.Ok(result);
    }
}
