using JasperFx;
using JasperFx.Events;
using Marten;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Deployments;

namespace Mik.Durable.Api.ModuleChanges;

/// <summary>
/// Admin actions on a module commit their event before the caller answers (docs/operations.md), with optimistic
/// concurrency: the decision is made on the stream's current state and fails if another writer got there first.
/// </summary>
internal sealed class ModuleAuditLog(IDocumentStore store, TimeProvider time)
{
    public Task<ModuleChange> DeployAsync(
        string module, string sha256, long sizeBytes, string source, string actor, long? expectedVersion, CancellationToken cancellationToken) =>
        DecideAsync(module, expectedVersion,
            current => DeployedModule.Deploy(current, module, sha256, sizeBytes, source, actor, time.GetUtcNow()), cancellationToken);

    public Task<ModuleChange> RemoveAsync(
        string module, string actor, string reason, long? expectedVersion, CancellationToken cancellationToken, bool served = false) =>
        DecideAsync(module, expectedVersion,
            current => DeployedModule.Remove(current, module, actor, reason, time.GetUtcNow(), served), cancellationToken);

    /// <summary>
    /// Decides on the stream's current state and appends, failing when another writer appended in between. Without an
    /// expected version the caller asked for no particular state, so the decision is simply made again on the new one
    /// (the audit writer appending a file deployment of the same module is such a writer).
    /// </summary>
    private async Task<ModuleChange> DecideAsync(
        string module, long? expectedVersion, Func<DeployedModule?, IEnumerable<IAuditEvent>> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryDecideAsync(module, expectedVersion, decide, cancellationToken);
            }
            catch (ConcurrentModuleChangeException) when (expectedVersion is null && attempt < MaxAttempts)
            {
            }
        }
    }

    private const int MaxAttempts = 5;

    private async Task<ModuleChange> TryDecideAsync(
        string module, long? expectedVersion, Func<DeployedModule?, IEnumerable<IAuditEvent>> decide, CancellationToken cancellationToken)
    {
        var key = AuditStreams.Module(module);
        try
        {
            await using var session = store.LightweightSession();
            var stream = expectedVersion is { } expected
                ? await session.Events.FetchForWriting<DeployedModule>(key, expected, cancellationToken)
                : await session.Events.FetchForWriting<DeployedModule>(key, cancellationToken);
            var version = stream.CurrentVersion ?? 0;
            var events = decide(stream.Aggregate).ToList();
            if (events.Count == 0) return new ModuleChange(Changed: false, version);
            foreach (var e in events) stream.AppendOne(session.BuildAuditEvent(e));
            await session.SaveChangesAsync(cancellationToken);
            return new ModuleChange(Changed: true, version + events.Count);
        }
        catch (Exception e) when (StoreFailures.IsConcurrentAppend(e))
        {
            throw new ConcurrentModuleChangeException(module, e);
        }
    }
}
