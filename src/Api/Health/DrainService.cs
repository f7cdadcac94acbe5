using Mik.Durable.Api.Cluster.Convergence;
using Mik.Durable.Api.Logging;
using Mik.Durable.Api.Requests;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Health;

/// <summary>
/// Marks the server ready once the listeners are up and, in store mode, the instance has converged to the store
/// (or <c>converge_timeout_secs</c> passed: then it serves what its folder holds), and on SIGTERM turns <c>/health</c> to 503 draining and
/// holds the listeners open until in-flight requests finish (bounded by <c>shutdown_timeout_secs</c>).
/// </summary>
internal sealed partial class DrainService(
    ServerState state, InFlightRequests inFlight, ConvergenceGate convergence, MikConfig config, TimeProvider time, ILoggerFactory loggers)
    : IHostedLifecycleService, IDisposable
{
    private readonly ILogger _log = loggers.CreateLogger(LogTargets.Server);
    private readonly CancellationTokenSource _stopping = new();

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        // Not awaited: the host's start must not wait on PostgreSQL; /health says "starting" meanwhile.
        _ = MarkReadyAsync();
        return Task.CompletedTask;
    }

    private async Task MarkReadyAsync()
    {
        if (!await convergence.WaitAsync(_stopping.Token))
        {
            if (_stopping.IsCancellationRequested) return;
            ConvergenceLog.StartTimedOut(_log, config.Cluster.ConvergeTimeoutSecs);
        }
        if (state.MarkReady()) Ready(_log, state.InstanceId, config.Server.Port, config.Admin.Port);
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        state.MarkDraining();
        Draining(_log, inFlight.Count, config.Server.DrainDelaySecs);
        if (config.Server.DrainDelaySecs > 0)
            await Task.Delay(TimeSpan.FromSeconds(config.Server.DrainDelaySecs), time, cancellationToken);

        var deadline = time.GetUtcNow().AddSeconds(config.Server.ShutdownTimeoutSecs);
        while (inFlight.Count > 0 && time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, CancellationToken.None);

        if (inFlight.Count > 0) DrainTimedOut(_log, inFlight.Count);
        else Drained(_log);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "server_ready")]
    private static partial void Ready(ILogger logger, string instanceId, int port, int adminPort);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "server_draining")]
    private static partial void Draining(ILogger logger, long inFlight, int drainDelaySecs);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "server_drained")]
    private static partial void Drained(ILogger logger);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "server_drain_timed_out")]
    private static partial void DrainTimedOut(ILogger logger, long inFlight);
}
