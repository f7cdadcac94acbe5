using System.Collections.Concurrent;

namespace Mik.Durable.Runtime.Admission;

/// <summary>
/// Global and per-module concurrency limits. A module over its own limit is refused at once (429); a request
/// finding every global slot busy may wait in a short bounded queue, then is shed (503), so the latency of the
/// requests that are admitted stays bounded however many arrive.
/// </summary>
internal sealed class RequestGate(RequestLimitsOptions options)
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrent, options.MaxConcurrent);
    private readonly ConcurrentDictionary<string, StrongBox> _perModule = new(StringComparer.Ordinal);
    private int _queued;

    public RequestLimitsOptions Options => options;

    public int InUse => options.MaxConcurrent - _slots.CurrentCount;

    public int Queued => Volatile.Read(ref _queued);

    /// <param name="moduleLimit">The module's own <c>max_concurrent</c>; null uses <c>max_per_module_requests</c>.</param>
    public async ValueTask<GateResult> EnterAsync(string module, int? moduleLimit, CancellationToken cancellationToken)
    {
        var limit = moduleLimit ?? options.MaxPerModule;
        StrongBox? running = null;
        if (limit > 0)
        {
            running = _perModule.GetOrAdd(module, _ => new StrongBox());
            if (Interlocked.Increment(ref running.Value) > limit)
            {
                Interlocked.Decrement(ref running.Value);
                return GateResult.ModuleBusy;
            }
        }

        if (_slots.Wait(0)) return GateResult.Admitted;
        var admitted = false;
        if (Interlocked.Increment(ref _queued) <= options.QueueLength)
        {
            try
            {
                admitted = await _slots.WaitAsync(options.QueueTimeout, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                if (running is not null) Interlocked.Decrement(ref running.Value);
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref _queued);
            }
        }
        else
        {
            Interlocked.Decrement(ref _queued);
        }
        if (!admitted && running is not null) Interlocked.Decrement(ref running.Value);
        return admitted ? GateResult.Admitted : GateResult.Overloaded;
    }

    /// <summary>Ends an admitted run.</summary>
    public void Release(string module, int? moduleLimit)
    {
        _slots.Release();
        if ((moduleLimit ?? options.MaxPerModule) > 0 && _perModule.TryGetValue(module, out var running))
            Interlocked.Decrement(ref running.Value);
    }

    private sealed class StrongBox
    {
        public int Value;
    }
}
