using Marten.Events.Daemon.Coordination;

namespace Mik.Durable.Api.EventStore;

/// <summary>
/// Starts Marten's projection daemon (HotCold coordinator) once <see cref="EventStoreMonitor"/> has applied the
/// migrations, instead of at host start. Started earlier, its agents run against tables that do not exist yet
/// (a fresh schema, or PostgreSQL still down) and log an ERROR with a stack trace every few seconds until they do.
/// Once started it rides out later outages by itself.
/// </summary>
internal sealed class ProjectionDaemonGate(IProjectionCoordinator coordinator, EventStoreStatus status, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    private volatile bool _started;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Shutdown signals ApplicationStopping and drains before it stops hosted services: a schema that becomes
        // ready during the drain must not start the daemon just to have it stopped again.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        try
        {
            await status.SchemaReady.WaitAsync(stopping.Token);
            _started = true;
            await coordinator.StartAsync(stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping before or while the daemon started: StopAsync stops whatever did start.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!_started) return;
        try
        {
            // Stopping the agents does not observe the host's token; past the shutdown timeout the process ends anyway.
            await coordinator.StopAsync(cancellationToken).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
