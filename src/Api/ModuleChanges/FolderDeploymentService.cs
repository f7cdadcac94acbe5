using Mik.Durable.Api.Admin.Modules;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Logging;

namespace Mik.Durable.Api.ModuleChanges;

/// <summary>
/// Commits the folder changes <see cref="FolderDeployments"/> holds, once the schema is there, and again with back-off
/// while PostgreSQL is away (docs/operations.md, Folder drops in a cluster).
/// </summary>
internal sealed partial class FolderDeploymentService(
    FolderDeployments changes, FolderChangeCommitter committer, ModuleChangeLock changeLock, EventStoreStatus status, TimeProvider time,
    ILoggerFactory loggers)
    : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    // Short: the converging instance puts the store's version in place once PostgreSQL is back, and a drop that waited
    // through the outage should reach the store before that.
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(5);
    private readonly ILogger _log = loggers.CreateLogger(LogTargets.Runtime);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await status.SchemaReady.WaitAsync(stoppingToken);
        var retry = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            var due = changes.Due();
            if (due.Count == 0)
            {
                await changes.Signals.ReadAsync(stoppingToken);
                continue;
            }
            if (await CommitAsync(due, retry == TimeSpan.Zero, stoppingToken))
            {
                retry = TimeSpan.Zero;
                continue;
            }
            retry = retry == TimeSpan.Zero ? FirstRetry : TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
            await Task.Delay(retry, time, stoppingToken);
        }
    }

    /// <returns>False when a commit failed and the rest must wait for the retry.</returns>
    private async Task<bool> CommitAsync(IReadOnlyList<FolderChange> due, bool firstTry, CancellationToken stoppingToken)
    {
        foreach (var change in due)
        {
            try
            {
                // One module change of this instance at a time: an admin deployment or removal of the module either
                // waits for this commit or has voided the change before it starts.
                using var exclusive = await changeLock.AcquireAsync(stoppingToken);
                if (changes.IsPending(change)) Apply(change, await committer.CommitAsync(change, stoppingToken));
            }
            catch (Exception e) when (StoreFailures.IsUnreachable(e) && !stoppingToken.IsCancellationRequested)
            {
                // Served here already; the cluster gets it when PostgreSQL is back.
                if (firstTry) Pending(_log, change.Module, change.Sha256, e.Message);
                return false;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                CommitFailed(_log, change.Module, change.Sha256, e.Message);
                return false;
            }
        }
        return true;
    }

    private void Apply(FolderChange change, FolderOutcome outcome)
    {
        switch (outcome.Kind)
        {
            case FolderOutcomeKind.FileChanged:
                changes.WaitForScan(change);
                return;
            case FolderOutcomeKind.Superseded:
                Superseded(_log, change.Module, change.Sha256, outcome.StoreSha256, change.AtStart);
                break;
            case FolderOutcomeKind.Committed:
                Committed(_log, change.Module, change.Sha256, outcome.Version);
                break;
        }
        changes.Done(change, storeHoldsIt: outcome.Kind != FolderOutcomeKind.Superseded);
    }

    [LoggerMessage(EventId = 2022, Level = LogLevel.Warning, Message = "module_file_superseded")]
    private static partial void Superseded(ILogger logger, string module, string fileSha256, string storeSha256, bool atStart);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Warning, Message = "module_file_pending")]
    private static partial void Pending(ILogger logger, string module, string sha256, string error);

    [LoggerMessage(EventId = 2024, Level = LogLevel.Error, Message = "module_file_commit_failed")]
    private static partial void CommitFailed(ILogger logger, string module, string sha256, string error);

    [LoggerMessage(EventId = 2025, Level = LogLevel.Information, Message = "module_file_committed")]
    private static partial void Committed(ILogger logger, string module, string sha256, long streamVersion);
}
