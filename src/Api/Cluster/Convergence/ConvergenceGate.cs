using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cluster.Convergence;

/// <summary>
/// Opens once this instance has converged to the store for the first time: what readiness waits for, bounded by
/// <c>[cluster] converge_timeout_secs</c> (docs/operations.md, Convergence). Open from the start in folder mode.
/// </summary>
internal sealed class ConvergenceGate
{
    private readonly TaskCompletionSource _converged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public ConvergenceGate(MikConfig config, TimeProvider time)
    {
        _timeout = TimeSpan.FromSeconds(config.Cluster.ConvergeTimeoutSecs);
        _time = time;
        if (!config.Cluster.FromStore()) Open();
    }

    public bool IsOpen => _converged.Task.IsCompleted;

    public void Open() => _converged.TrySetResult();

    /// <summary>True once the first pass completed; false when <c>converge_timeout_secs</c> passed first.</summary>
    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        if (IsOpen) return true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var expired = Task.Delay(_timeout, _time, timeout.Token);
        var first = await Task.WhenAny(_converged.Task, expired);
        await timeout.CancelAsync();
        return first == _converged.Task;
    }
}
