using FluentValidation;
using Marten;
using Mediator;
using Mik.Durable.Api.Cluster;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.EventStore.Projections;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Membership;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Admin.Instances;

/// <summary>
/// <c>POST /instances/prune[?instance=ID]</c>: forgets the instances that are <c>lost</c> (all of them, or the one
/// named). Each gets <c>InstancePruned</c> on its stream, committed together with the removal of its heartbeat and
/// the mark on its view, so <c>GET /instances</c> stops listing it at once; a later start lists it again.
/// </summary>
internal sealed record PruneInstances(string? Instance, string Actor) : IRequest<PruneResult>;

internal sealed record PruneResult(IReadOnlyList<PrunedInstance> Pruned);

internal sealed record PrunedInstance(string Id, string? Host, DateTimeOffset? LastSeen);

internal sealed class PruneInstancesValidator : AbstractValidator<PruneInstances>
{
    public PruneInstancesValidator() =>
        RuleFor(p => p.Instance).Must(id => id is null || InstanceIdentity.IsValidId(id))
            .WithMessage("must be an instance id (1-63 of a-z A-Z 0-9 . _ -)");
}

internal sealed class PruneInstancesHandler(InstancesQuery instances, IDocumentStore store, MikConfig config, TimeProvider time)
    : IRequestHandler<PruneInstances, PruneResult>
{
    public async ValueTask<PruneResult> Handle(PruneInstances command, CancellationToken cancellationToken)
    {
        var all = await AdminStore.ReadAsync(() => instances.ListAsync(cancellationToken));
        var lost = all.Where(i => i.Status == InstanceStatus.Lost).ToList();
        if (command.Instance is { } named)
        {
            var found = all.FirstOrDefault(i => i.Id == named) ?? throw AdminException.NotFound($"no instance '{named}' is listed");
            if (found.Status != InstanceStatus.Lost)
                throw AdminException.Conflict($"instance '{named}' is {found.Status}: only lost instances are pruned");
            lost = [found];
        }
        var pruned = new List<PrunedInstance>(lost.Count);
        foreach (var instance in lost)
        {
            await AdminStore.CommitAsync(() => PruneAsync(instance, command.Actor, cancellationToken));
            pruned.Add(new PrunedInstance(instance.Id, instance.Host, instance.LastSeen));
        }
        return new PruneResult(pruned);
    }

    private async Task<bool> PruneAsync(InstanceInfo instance, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Only a heartbeat that is still stale goes: one written since the list was read means the instance is back.
        var stale = now - TimeSpan.FromSeconds(config.Cluster.LostAfterSecs);
        var pruned = new InstancePruned(instance.Id, now, instance.LastSeen, actor);
        await StoreFailures.RetryConcurrentAppendsAsync(async _ =>
        {
            await using var session = store.LightweightSession();
            session.Events.Append(pruned.Stream, session.BuildAuditEvent(pruned));
            session.DeleteWhere<InstanceHeartbeat>(b => b.Id == instance.Id && b.LastSeen <= stale);
            // The async projection writes the same mark when it reaches the event; written here as well so that the
            // list is right from the answer on, not a few seconds later.
            var view = await session.LoadAsync<InstanceView>(pruned.Stream, cancellationToken)
                ?? new InstanceView { Id = pruned.Stream, InstanceId = instance.Id };
            view.PrunedAt = now;
            session.Store(view);
            await session.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
        return true;
    }
}
