using Marten.Events.Daemon.Coordination;

namespace Mik.Durable.Api.EventStore;

/// <summary>
/// Starts Marten's projection daemon (HotCold coordinator) once <see cref="EventStoreMonitor"/> has applied the
/// migrations, instead of at host start. Started earlier, its agents run against tables that do not exist yet
/// (a fresh schema, or PostgreSQL still down) and log an ERROR with a stack trace every few seconds until they do.
/// Once started it rides out later outages by itself.
/// </summary>
internal sealed class ProjectionDaemonGate(IProjectionCoordinator coordinator, EventStoreStatus status) : BackgroundService
{
    private volatile bool _started;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await status.SchemaReady.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        // Not the stopping token: the coordinator keeps it for its own loop, and StopAsync below ends that loop.
        await coordinator.StartAsync(CancellationToken.None);
        _started = true;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_started) await coordinator.StopAsync(cancellationToken);
    }
}
