using Marten;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.EventStore.Projections;
using Mik.Durable.Api.Logging;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cluster;

/// <summary>
/// Upserts this instance's <see cref="InstanceHeartbeat"/> every <c>cluster.heartbeat_secs</c>, straight to Marten
/// rather than through the audit queue: a heartbeat is only worth its latest value, and a spooled one would be a
/// lie by the time it is replayed. While PostgreSQL is away beats fail quietly: one WARN per outage.
/// </summary>
internal sealed partial class HeartbeatService(
    InstanceIdentity identity, MikConfig config, IDocumentStore store, EventStoreStatus eventStore, ProjectionLeadership leadership,
    TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _log = loggers.CreateLogger(LogTargets.EventStore);
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(config.Cluster.HeartbeatSecs);
    private readonly TimeSpan _lostAfter = TimeSpan.FromSeconds(config.Cluster.LostAfterSecs);
    private bool _failing;
    private bool _leader;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WaitForEventStoreAsync(stoppingToken);
            using var timer = new PeriodicTimer(_interval, time);
            do
            {
                await BeatAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // The first start on an empty schema creates the tables in the background; a beat before that would fail
    // and report an outage that is none. Bounded, so a real outage at start-up is still reported.
    private async Task WaitForEventStoreAsync(CancellationToken stoppingToken)
    {
        var start = time.GetTimestamp();
        while (!eventStore.IsUp && time.GetElapsedTime(start) < _lostAfter)
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, stoppingToken);
    }

    private async Task BeatAsync(CancellationToken stoppingToken)
    {
        var leader = leadership.IsLeader();
        if (leader != _leader) ProjectionsLeadership(_log, identity.Id, leader);
        _leader = leader;
        using var timeout = new CancellationTokenSource(_lostAfter, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await using var session = store.LightweightSession();
            session.Store(new InstanceHeartbeat { Id = identity.Id, LastSeen = time.GetUtcNow(), RunsProjections = leader });
            await session.SaveChangesAsync(linked.Token);
            if (_failing) Resumed(_log, identity.Id);
            _failing = false;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            if (!_failing) Failed(_log, identity.Id, e.GetBaseException().Message);
            _failing = true;
        }
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "instance_heartbeat_failed")]
    private static partial void Failed(ILogger logger, string instanceId, string error);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "instance_heartbeat_resumed")]
    private static partial void Resumed(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Information, Message = "instance_projections")]
    private static partial void ProjectionsLeadership(ILogger logger, string instanceId, bool running);
}
