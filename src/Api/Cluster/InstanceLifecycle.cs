using System.Text.Json;
using Mik.Durable.Api.Logging;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Membership;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cluster;

/// <summary>
/// Tells the audit trail when this instance starts and stops (stream <c>instance:&lt;id&gt;</c>), and when it
/// starts with another configuration than this state dir last ran with. Registered after the audit writer, so
/// its StopAsync runs while the writer still takes events.
/// </summary>
internal sealed partial class InstanceLifecycle(
    InstanceIdentity identity, MikConfig config, IAuditTrail audit, TimeProvider time, ILoggerFactory loggers)
    : IHostedLifecycleService, IDisposable
{
    private readonly ILogger _log = loggers.CreateLogger(LogTargets.Server);
    private readonly StopSignals _signals = new();
    private bool _started;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _signals.Listen();
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fingerprint = ConfigFingerprint.Of(config);
        int[] ports = [config.Server.Port, config.Admin.Port];
        audit.Record(new InstanceStarted(identity.Id, now, Environment.MachineName, Environment.ProcessId, ports, MikVersion.Current, fingerprint.Sha256));
        _started = true;
        Started(_log, identity.Id, Environment.ProcessId, fingerprint.Sha256);

        var previous = LoadPrevious();
        if (previous is not null && previous.Sha256 != fingerprint.Sha256)
        {
            var changed = fingerprint.ChangedKeys(previous);
            audit.Record(new ConfigChanged(identity.Id, now, previous.Sha256, fingerprint.Sha256, changed));
            ConfigChangedLog(_log, identity.Id, previous.Sha256, fingerprint.Sha256, string.Join(",", changed));
        }
        try
        {
            ConfigSnapshotFile.Save(config.State.Dir, fingerprint);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SnapshotFailed(_log, ConfigSnapshotFile.FileName, e.Message);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        // A host that failed before StartedAsync never announced itself; a stop without a start would mislead.
        if (!_started) return Task.CompletedTask;
        _started = false;
        audit.Record(new InstanceStopped(identity.Id, time.GetUtcNow(), _signals.Reason));
        Stopped(_log, identity.Id, _signals.Reason);
        return Task.CompletedTask;
    }

    private ConfigFingerprint? LoadPrevious()
    {
        try
        {
            return ConfigSnapshotFile.Load(config.State.Dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            SnapshotUnreadable(_log, ConfigSnapshotFile.FileName, e.Message);
            return null;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _signals.Dispose();

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "instance_started")]
    private static partial void Started(ILogger logger, string instanceId, int pid, string configSha256);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "instance_config_changed")]
    private static partial void ConfigChangedLog(ILogger logger, string instanceId, string oldSha256, string newSha256, string changedKeys);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "instance_stopped")]
    private static partial void Stopped(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "instance_config_snapshot_unreadable")]
    private static partial void SnapshotUnreadable(ILogger logger, string file, string error);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "instance_config_snapshot_failed")]
    private static partial void SnapshotFailed(ILogger logger, string file, string error);
}
