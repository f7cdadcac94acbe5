using FluentValidation;
using JasperFx;
using Marten;
using Marten.Events.Daemon.Coordination;
using Mediator;
using Mik.Durable.Api.Cluster;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Logging;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Api.Admin.State;

/// <summary>
/// <c>POST /state/rebuild[?projection=modules|breakers|instances]</c>: rebuilds projections from the event log,
/// which is read and never changed, then records <c>ProjectionsRebuilt</c> on stream <c>state</c>.
/// <b>Decision:</b> only the instance that runs the projection daemon (HotCold: one per cluster) rebuilds, through
/// that daemon, which stops each agent, rebuilds it and starts it again. Any other instance answers 409 naming the
/// one that does: a second daemon rebuilding beside the running agents would race them over the same documents.
/// </summary>
internal sealed record RebuildState(string? Projection, string Actor) : IRequest<RebuildResult>;

internal sealed record RebuildResult(IReadOnlyList<RebuiltProjection> Projections, long Events, string Instance);

internal sealed record RebuiltProjection(string Name, int Documents);

internal sealed class RebuildStateValidator : AbstractValidator<RebuildState>
{
    public RebuildStateValidator() =>
        RuleFor(r => r.Projection).Must(p => p is null || RebuildableProjections.Find(p) is not null)
            .WithMessage("must be one of " + string.Join(", ", RebuildableProjections.All.Select(p => p.Name)));
}

internal sealed partial class RebuildStateHandler(
    IServiceProvider services, ProjectionLeadership leadership, InstancesQuery instances, InstanceIdentity identity,
    IDocumentStore store, IHostApplicationLifetime lifetime, TimeProvider time, ILoggerFactory loggers)
    : IRequestHandler<RebuildState, RebuildResult>
{
    private readonly ILogger _log = loggers.CreateLogger(LogTargets.EventStore);

    // Two rebuilds at once would stop and restart the same agents under each other.
    private static readonly SemaphoreSlim Running = new(1, 1);

    public async ValueTask<RebuildResult> Handle(RebuildState command, CancellationToken cancellationToken)
    {
        if (!leadership.IsLeader()) throw await ElsewhereAsync(cancellationToken);
        if (!await Running.WaitAsync(0, cancellationToken)) throw AdminException.Conflict("a rebuild is running already: wait for its answer");
        try
        {
            var chosen = command.Projection is { } name ? [RebuildableProjections.Find(name)!] : RebuildableProjections.All;
            var daemon = services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
            var rebuilt = new List<RebuiltProjection>(chosen.Count);
            // Not the request's token: a caller that hangs up must not leave a projection half rebuilt.
            var stopping = lifetime.ApplicationStopping;
            // The daemon stops a projection's agents to rebuild it and leaves them stopped; this instance keeps
            // the HotCold lock meanwhile, so nobody else would start them again. Restart what ran before.
            var running = daemon.CurrentAgents().Where(a => a.Status == AgentStatus.Running).Select(a => a.Name.Identity).ToList();
            await using var session = store.QuerySession();
            try
            {
                foreach (var projection in chosen)
                {
                    await AdminStore.CommitAsync(async () =>
                    {
                        await daemon.RebuildProjectionAsync(projection.Type, TimeSpan.FromMinutes(5), stopping);
                        return true;
                    });
                    rebuilt.Add(new RebuiltProjection(projection.Name, await AdminStore.ReadAsync(() => projection.CountAsync(session, stopping))));
                }
            }
            finally
            {
                var now = daemon.CurrentAgents().Where(a => a.Status == AgentStatus.Running).Select(a => a.Name.Identity).ToHashSet();
                foreach (var shard in running.Where(s => !now.Contains(s))) await RestartAsync(daemon, shard, stopping);
            }
            long events = await AdminStore.ReadAsync(() => session.Events.QueryAllRawEvents().CountAsync(stopping));
            var names = rebuilt.Select(p => p.Name).ToList();
            await AdminStore.AppendAsync(store, new ProjectionsRebuilt(time.GetUtcNow(), names, events, command.Actor), stopping);
            Rebuilt(_log, string.Join(",", names), events, command.Actor);
            return new RebuildResult(rebuilt, events, identity.Id);
        }
        finally
        {
            Running.Release();
        }
    }

    // A restart that fails (PostgreSQL gone mid-rebuild) must not hide why the rebuild failed; the daemon's agent is
    // then down until this instance restarts or loses the HotCold lock, which the WARN says.
    private async Task RestartAsync(JasperFx.Events.Daemon.IProjectionDaemon daemon, string shard, CancellationToken cancellationToken)
    {
        try
        {
            await daemon.StartAgentAsync(shard, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            RestartFailed(_log, shard, e.GetBaseException().Message);
        }
    }

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "projections_rebuilt")]
    private static partial void Rebuilt(ILogger logger, string projections, long events, string actor);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "projection_restart_failed")]
    private static partial void RestartFailed(ILogger logger, string shard, string error);

    private async Task<AdminException> ElsewhereAsync(CancellationToken cancellationToken)
    {
        var all = await AdminStore.ReadAsync(() => instances.ListAsync(cancellationToken));
        if (all.FirstOrDefault(i => i.RunsProjections && i.Id != identity.Id) is not { } leader)
            return new AdminException(StatusCodes.Status409Conflict, "projections not running",
                "no instance runs the projections right now (the daemon is starting or moving to another instance): try again in a few seconds",
                "projections_not_running");
        var admin = leader.Host is { } host && leader.Ports is [_, var port] ? $" (admin listener {host}:{port})" : "";
        return new AdminException(StatusCodes.Status409Conflict, "projections run elsewhere",
            $"instance {leader.Id}{admin} runs the projections: rebuild through its admin API, e.g. mik state rebuild --admin-url <its address>",
            "projections_elsewhere");
    }
}
