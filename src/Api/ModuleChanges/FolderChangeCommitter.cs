using Marten;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Files;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.ModuleChanges;

/// <summary>
/// Commits one folder change as a deployment (bytes, event and notification in one transaction, through
/// <see cref="ModuleAuditLog"/>) or removal for the whole cluster, if the store still holds what the file replaced
/// (docs/operations.md, Folder drops in a cluster). Throws when PostgreSQL cannot be reached; the caller retries.
/// </summary>
internal sealed class FolderChangeCommitter(IDocumentStore store, ModuleAuditLog log, MikConfig config)
{
    private const int MaxAttempts = 5;

    public async Task<FolderOutcome> CommitAsync(FolderChange change, CancellationToken cancellationToken)
    {
        byte[]? bytes = null;
        if (!change.IsRemoval && (bytes = ReadFile(change)) is null) return new(FolderOutcomeKind.FileChanged, "");
        DeployedModule? seen = null;
        for (var attempt = 1; ; attempt++)
        {
            DeployedModule? current;
            await using (var query = store.QuerySession())
                current = await query.Events.AggregateStreamAsync<DeployedModule>(AuditStreams.Module(change.Module), token: cancellationToken);
            var held = Held(current);
            if (held == change.Sha256) return new(FolderOutcomeKind.Unchanged, held);
            // Deployed or removed by someone else between the read and the commit: theirs is the newer change.
            if (attempt > 1 && DeployedModule.ChangedBetween(seen, current)) return new(FolderOutcomeKind.Superseded, held);
            seen = current;
            if (!Follows(change, current)) return new(FolderOutcomeKind.Superseded, held);
            try
            {
                var expected = current?.Version ?? 0;
                var done = change.IsRemoval
                    ? await log.RemoveAsync(change.Module, DeploymentLedger.Actor, DeploymentLedger.FileRemoved, expected, cancellationToken)
                    : await log.DeployAsync(change.Module, change.Sha256, bytes!.LongLength, DeploySources.Filesystem, DeploymentLedger.Actor,
                        expected, cancellationToken, bytes: bytes);
                return new(done.Changed ? FolderOutcomeKind.Committed : FolderOutcomeKind.Unchanged, held, done.Version);
            }
            catch (ConcurrentModuleChangeException) when (attempt < MaxAttempts)
            {
                // Another append to the stream (a refused upload) got there first: read it again.
            }
            catch (ConcurrentModuleChangeException)
            {
                return new(FolderOutcomeKind.Superseded, held);
            }
        }
    }

    private static string Held(DeployedModule? module) => module is { IsCurrent: true } ? module.Sha256 : "";

    /// <summary>
    /// Whether the store still holds what the file replaced. A module the store has never seen is always the folder's.
    /// Otherwise a change found at start-up never is: an old file (a restored volume, a stale image) must not roll the
    /// cluster back. A change seen while running is, unless the store changed the module after the file was seen, when
    /// the store holds the version this instance served before it (for a module it did not serve: none).
    /// </summary>
    private static bool Follows(FolderChange change, DeployedModule? current) => current switch
    {
        null or { Deployments: 0, Removals: 0 } => true,
        _ when change.AtStart => false,
        _ when (current.Removed ? current.RemovedAt : current.DeployedAt) > change.SeenAt => false,
        { IsCurrent: false } => change.Replaces is null,
        _ => current.Sha256 == change.Replaces,
    };

    /// <summary>The file's bytes if they still hash to the change's sha256; null when it changed or went since.</summary>
    private byte[]? ReadFile(FolderChange change)
    {
        try
        {
            var file = ModuleFile.Read(change.Module, Path.Combine(config.Server.Modules, change.Module + ".wasm"));
            return file.Sha256 == change.Sha256 ? file.Bytes : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotARegularFileException)
        {
            return null;
        }
    }
}
