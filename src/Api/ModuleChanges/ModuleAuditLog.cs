using Marten;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.ModuleChanges;

/// <summary>
/// Admin actions on a module commit their event before the caller answers (docs/operations.md), with optimistic
/// concurrency: the decision is made on the stream's current state and fails if another writer got there first.
/// With <c>[cluster] module_source = "store"</c> a deployment's bytes, version row and notification commit in the
/// same transaction as its event (<see cref="ModuleBytesStore"/>).
/// </summary>
internal sealed class ModuleAuditLog(IDocumentStore store, TimeProvider time, ModuleBytesStore bytesStore, MikConfig config)
{
    // Instances report ModuleActivated on the module's stream, 50 of them within a second of a deploy; each report
    // moves the stream's version, and an admin command decided meanwhile is retried past it.
    private const int MaxAttempts = 20;

    /// <param name="bytes">The module's bytes, stored in store mode; null for a rollback, whose bytes are kept.</param>
    public Task<ModuleChange> DeployAsync(
        string module, string sha256, long sizeBytes, string source, string actor, long? expectedVersion, CancellationToken cancellationToken,
        byte[]? bytes = null, int? rolledBackTo = null) =>
        DecideAsync(module, expectedVersion,
            current => DeployedModule.Deploy(current, module, sha256, sizeBytes, source, actor, time.GetUtcNow(), rolledBackTo),
            (session, e) => bytesStore.QueueDeployment(session, (ModuleDeployed)e, bytes), cancellationToken);

    public Task<ModuleChange> RemoveAsync(
        string module, string actor, string reason, long? expectedVersion, CancellationToken cancellationToken, bool served = false) =>
        DecideAsync(module, expectedVersion,
            current => DeployedModule.Remove(current, module, actor, reason, time.GetUtcNow(), served),
            (session, _) => bytesStore.QueueRemoval(session, module), cancellationToken);

    /// <summary>
    /// Decides on the stream's current state and appends, failing when another writer appended in between. Without an
    /// expected version the decision is made again on the new state, unless the other writer deployed or removed the
    /// module to another state than this one asks for: two deployments of different bytes racing is a conflict (409)
    /// for the later one, never a silent overwrite, while the same bytes twice is no change. Other appends to the
    /// stream (a refused upload, an instance reporting what it serves) are simply retried past.
    /// </summary>
    private async Task<ModuleChange> DecideAsync(
        string module, long? expectedVersion, Func<DeployedModule?, IEnumerable<IAuditEvent>> decide,
        Action<IDocumentSession, IAuditEvent> alsoWrite, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (change, seen) = await TryDecideAsync(module, expectedVersion, decide, alsoWrite, cancellationToken);
            if (change is not null) return change;
            if (expectedVersion is not null || attempt >= MaxAttempts) throw seen.Conflict;
            await using var query = store.QuerySession();
            var now = await query.Events.AggregateStreamAsync<DeployedModule>(AuditStreams.Module(module), token: cancellationToken);
            if (DeployedModule.ChangedBetween(seen.Before, now) && decide(now).Any()) throw seen.Conflict;
            // Writers that collided must not collide again in step.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), cancellationToken);
        }
    }

    private async Task<(ModuleChange? Change, (DeployedModule? Before, ConcurrentModuleChangeException Conflict) Seen)> TryDecideAsync(
        string module, long? expectedVersion, Func<DeployedModule?, IEnumerable<IAuditEvent>> decide,
        Action<IDocumentSession, IAuditEvent> alsoWrite, CancellationToken cancellationToken)
    {
        var key = AuditStreams.Module(module);
        DeployedModule? before = null;
        try
        {
            await using var session = store.LightweightSession();
            var stream = expectedVersion is { } expected
                ? await session.Events.FetchForWriting<DeployedModule>(key, expected, cancellationToken)
                : await session.Events.FetchForWriting<DeployedModule>(key, cancellationToken);
            before = stream.Aggregate;
            var deployments = stream.Aggregate?.Deployments ?? 0;
            var events = decide(stream.Aggregate).ToList();
            if (events.Count == 0) return (new ModuleChange(Changed: false, deployments), default);
            foreach (var e in events)
            {
                stream.AppendOne(session.BuildAuditEvent(e));
                if (config.Cluster.FromStore()) alsoWrite(session, e);
            }
            await session.SaveChangesAsync(cancellationToken);
            return (new ModuleChange(Changed: true, deployments + events.OfType<ModuleDeployed>().Count()), default);
        }
        catch (Exception e) when (StoreFailures.IsConcurrentAppend(e))
        {
            return (null, (before, new ConcurrentModuleChangeException(module, e)));
        }
    }
}
