using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Logging;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cluster.Convergence;

/// <summary>
/// Store mode: follows the deployments (notifications, and a catch-up pass every <c>catch_up_secs</c> ± 20 %) and
/// converges this instance to them; the first completed pass opens <see cref="ConvergenceGate"/> (readiness). While
/// PostgreSQL is away passes fail quietly, one WARN per outage, and serving goes on unchanged.
/// </summary>
internal sealed class ModuleConvergence(
    ConvergencePass pass, DeploymentListener listener, ConvergenceGate gate, EventStoreStatus eventStore, MikConfig config,
    TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _log = loggers.CreateLogger(LogTargets.EventStore);
    private readonly PassSignal _signal = new();
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var listening = listener.RunAsync(_signal, stoppingToken);
        try
        {
            // The schema is created in the background at start; reading before that would report an outage that is none.
            await eventStore.SchemaReady.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await PassAsync(stoppingToken);
                await _signal.WaitAsync(Jittered(), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await listening;
    }

    private async Task PassAsync(CancellationToken stoppingToken)
    {
        try
        {
            await pass.RunAsync(stoppingToken);
            gate.Open();
            if (_failing) ConvergenceLog.PassResumed(_log);
            _failing = false;
            ConvergenceMetrics.Passed(succeeded: true);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            if (!_failing) ConvergenceLog.PassFailed(_log, e.GetBaseException().Message);
            _failing = true;
            ConvergenceMetrics.Passed(succeeded: false);
        }
    }

    // Spread, so that instances started together do not read in step.
    private TimeSpan Jittered() => TimeSpan.FromSeconds(config.Cluster.CatchUpSecs * (0.8 + 0.4 * Random.Shared.NextDouble()));
}
