namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>
/// Restarts the embedded postmaster of <c>mik serve</c> when it stops (stopped by hand, killed, crashed), on the same
/// port, so the connection string Marten was given stays valid. Checks once a second; restarts right away, then
/// after 1, 2, 4 … 30 s between attempts. Logs the outage once and its end once; the event store's own
/// <c>event_store_degraded</c>/<c>event_store_up</c> lines say what that meant for the audit trail.
/// </summary>
internal sealed partial class EmbeddedPostgresSupervisor : IAsyncDisposable
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly EmbeddedPostgres _cluster;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public EmbeddedPostgresSupervisor(EmbeddedPostgres cluster, TimeProvider time, ILogger log)
    {
        _cluster = cluster;
        _time = time;
        _log = log;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(CheckInterval, _time, stop);
                if (!_cluster.IsPostmasterRunning()) await RestoreAsync(stop);
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // mik is stopping; it stops the cluster itself.
        }
    }

    private async Task RestoreAsync(CancellationToken stop)
    {
        Down(_log, _cluster.Port, _cluster.DataDirectory);
        var since = _time.GetTimestamp();
        var backoff = TimeSpan.FromSeconds(1);
        var failureReported = false;
        while (true)
        {
            try
            {
                await _cluster.RestartAsync(stop);
                Restarted(_log, _cluster.Port, (long)_time.GetElapsedTime(since).TotalMilliseconds);
                return;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // Once per outage: the same failure (such as the port being taken) would repeat every 30 s.
                if (!failureReported) RestartFailed(_log, e.Message);
                failureReported = true;
            }
            await Task.Delay(backoff, _time, stop);
            backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 1208, Level = LogLevel.Warning, Message = "embedded_postgres_down")]
    private static partial void Down(ILogger logger, int port, string dataDir);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Information, Message = "embedded_postgres_restarted")]
    private static partial void Restarted(ILogger logger, int port, long downMs);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Warning, Message = "embedded_postgres_restart_failed")]
    private static partial void RestartFailed(ILogger logger, string error);
}
