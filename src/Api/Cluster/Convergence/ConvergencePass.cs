using Mik.Durable.Api.Admin.Modules;
using Mik.Durable.Api.Logging;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Cluster.Convergence;

/// <summary>
/// One convergence pass: reads what changed in the module streams, then makes this instance serve what every
/// stream asks for, reporting each change as <c>ModuleActivated</c> or <c>ModuleActivationFailed</c>
/// (docs/operations.md, Convergence). Passes never overlap (<see cref="ModuleConvergence"/> runs them one by one).
/// </summary>
internal sealed class ConvergencePass(
    DesiredModules desired, ModuleActivator activator, ModuleRegistry registry, ModuleChangeLock changes, ConvergenceStateFile state,
    FolderDeployments folder, BytesBackfill backfill, IAuditTrail audit, InstanceIdentity identity, TimeProvider time,
    ILoggerFactory loggers)
{
    private readonly ILogger _log = loggers.CreateLogger(LogTargets.EventStore);
    // Module → the deployment (StreamDesire.Changes) whose activation failed here, and why: not tried again every
    // pass (a compile can take seconds), only when the stream asks again (a new deployment, a rollback) or after a
    // restart. Not the stream version: every instance's report moves that, this instance's own failure included.
    // Bytes missing from the store are looked for again each pass (one query; another instance may store them), but
    // reported once.
    private readonly Dictionary<string, (int Changes, string Reason)> _failed = new(StringComparer.Ordinal);
    // Module → a file of its in the folder that cannot run, and the deployment (Changes) current when it was first seen:
    // an operator's broken drop is shown (problem, split), not overwritten, until the store asks for a new version.
    private readonly Dictionary<string, (int Changes, string Sha256)> _heldBroken = new(StringComparer.Ordinal);
    private bool _saveFailed;

    /// <summary>Throws when PostgreSQL cannot be read; what was done until then stays done.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var versions = await desired.StreamVersionsAsync(cancellationToken);
        var changed = false;
        foreach (var (module, version) in versions)
        {
            if (state.Streams.TryGetValue(module, out var known) && known.Version == version) continue;
            state.Streams[module] = await desired.ReadAsync(module, version, cancellationToken);
            changed = true;
        }
        if (changed) Save();
        // Modules without a stream are left alone: they were never deployed through the cluster.
        foreach (var (module, desire) in state.Streams.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!desire.IsEmpty && !registry.Folder.IsMissing) await ConvergeAsync(module, desire, cancellationToken);
        }
    }

    private async Task ConvergeAsync(string module, StreamDesire desire, CancellationToken cancellationToken)
    {
        var target = desire.IsRemoval ? "" : desire.Sha256;
        if (Serves(module, target))
        {
            await backfill.EnsureStoredAsync(module, desire, cancellationToken);
            Report(module, target);
            return;
        }
        if (_failed.TryGetValue(module, out var failed) && failed.Changes == desire.Changes && failed.Reason != ModuleActivator.NotInStore) return;
        if (HoldsBrokenFile(module, desire)) return;
        // A file dropped here that waits to be committed is this instance's change to the module: putting the store's
        // version in place now would void it. Its commit moves the stream (or is superseded), and a pass follows.
        if (folder.Pending.Any(c => c.Module == module)) return;

        using var exclusive = await changes.AcquireAsync(cancellationToken);
        // An admin change on this instance may have committed and installed another version since the streams were
        // read; going on would put back the older one until the next pass.
        var now = await desired.ReadAsync(module, desire.Version, cancellationToken);
        if (now.Sha256 != desire.Sha256) return;
        var previous = Served(module);
        if (Serves(module, target))
        {
            Report(module, target);
            return;
        }
        var failure = target.Length == 0
            ? activator.Deactivate(module)
            : await activator.ActivateAsync(module, target, cancellationToken);
        if (failure is null)
        {
            _failed.Remove(module);
            ConvergenceLog.Converged(_log, module, target, previous.Length == 0 ? null : previous);
            ConvergenceMetrics.Activated(succeeded: true);
            Report(module, target);
            return;
        }
        var repeated = _failed.TryGetValue(module, out var before) && before == (desire.Changes, failure);
        _failed[module] = (desire.Changes, failure);
        if (repeated) return;
        ConvergenceLog.ActivationFailed(_log, module, target, failure);
        ConvergenceMetrics.Activated(succeeded: false);
        audit.Record(new ModuleActivationFailed(module, time.GetUtcNow(), identity.Id, target, failure));
    }

    /// <summary>
    /// Whether the module's file here cannot run and appeared while the store asked for this deployment: the operator
    /// is looking at it (docs/operations.md, Convergence), so the pass leaves it in place until the next deployment.
    /// </summary>
    private bool HoldsBrokenFile(string module, StreamDesire desire)
    {
        if (registry.Versions.GetValueOrDefault(module) is not { Problem: not null } broken)
        {
            _heldBroken.Remove(module);
            return false;
        }
        if (!_heldBroken.TryGetValue(module, out var held) || held.Sha256 != broken.Sha256)
        {
            held = (desire.Changes, broken.Sha256);
            _heldBroken[module] = held;
            ConvergenceLog.BrokenFileHeld(_log, module, broken.Sha256, broken.Problem);
        }
        return held.Changes == desire.Changes;
    }

    /// <summary>Whether this instance already does what the stream asks: serves <paramref name="target"/>, or no file at all for "".</summary>
    private bool Serves(string module, string target) =>
        target.Length == 0 ? !registry.Versions.ContainsKey(module) : Served(module) == target;

    /// <summary>The sha256 this instance serves of the module; "" when it serves none (a file that cannot run serves none).</summary>
    private string Served(string module) =>
        registry.Versions.GetValueOrDefault(module) is { Problem: null } served ? served.Sha256 : "";

    // Once per version: a deploy through this instance's own admin API is served before the pass sees it, and a
    // restart must not report again what was reported before it.
    private void Report(string module, string sha256)
    {
        if (state.Reported.TryGetValue(module, out var reported) ? reported == sha256 : sha256.Length == 0) return;
        audit.Record(new ModuleActivated(module, time.GetUtcNow(), identity.Id, sha256));
        state.Reported[module] = sha256;
        Save();
    }

    private void Save()
    {
        try
        {
            state.Save();
            _saveFailed = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Kept in memory either way; what is lost is only the de-duplication across a restart.
            if (!_saveFailed) ConvergenceLog.StateWriteFailed(_log, state.FilePath, e.Message);
            _saveFailed = true;
        }
    }
}
