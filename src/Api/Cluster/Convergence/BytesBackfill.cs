using Mik.Durable.Api.Logging;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Cluster.Convergence;

/// <summary>
/// Stores the bytes of versions this instance serves that the store lacks (deployed before it kept bytes, or under
/// <c>module_source = "folder"</c>), so the other instances can fetch them (docs/operations.md, Modules across the
/// cluster). Checked once per version and process.
/// </summary>
internal sealed class BytesBackfill(ModuleRegistry registry, ModuleBytesStore bytesStore, ILoggerFactory loggers)
{
    private readonly ILogger _log = loggers.CreateLogger(LogTargets.EventStore);
    private readonly HashSet<(string Module, string Sha256)> _stored = [];

    /// <summary>
    /// A version deployed before the store kept bytes (or in folder mode) has an event but no bytes in the store, so no
    /// other instance could fetch it: an instance that serves exactly that version from its folder stores them.
    /// </summary>
    public async Task EnsureStoredAsync(string module, StreamDesire desire, CancellationToken cancellationToken)
    {
        if (desire.IsRemoval || !_stored.Add((module, desire.Sha256))) return;
        var path = registry.Versions.GetValueOrDefault(module)?.Path;
        try
        {
            if (path is null || await bytesStore.HoldsAsync(desire.Sha256, cancellationToken)) return;
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            if (await bytesStore.StoreServedAsync(module, desire.Deployment, desire.Sha256, bytes, cancellationToken))
                ConvergenceLog.BytesStored(_log, module, desire.Sha256);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _stored.Remove((module, desire.Sha256));
        }
        catch
        {
            // PostgreSQL away: the pass fails as a whole and the next one tries again.
            _stored.Remove((module, desire.Sha256));
            throw;
        }
    }
}
