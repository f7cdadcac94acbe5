using System.Collections.Concurrent;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Admission;

/// <summary>The circuit breaker of every module that has served a request, created on first use.</summary>
internal sealed class CircuitBreakers(MikConfig config, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CircuitBreaker> _breakers = new(StringComparer.Ordinal);
    public CircuitBreaker For(string module) => _breakers.GetOrAdd(module, m => new CircuitBreaker(m, PolicyFor(m), time));

    /// <summary><c>[breaker]</c>, with the module's own <c>failure_threshold</c> / <c>recovery_timeout_secs</c> where set.</summary>
    public CircuitPolicy PolicyFor(string module)
    {
        var own = config.Modules.GetValueOrDefault(module);
        return new CircuitPolicy(own?.FailureThreshold ?? config.Breaker.FailureThreshold,
            TimeSpan.FromSeconds(own?.RecoveryTimeoutSecs ?? config.Breaker.RecoveryTimeoutSecs));
    }

    public IEnumerable<CircuitBreaker> All => _breakers.Values;

    public int OpenCount => _breakers.Values.Count(b => b.State != CircuitState.Closed);

    /// <summary>Forgets a module that no longer exists, so its labels leave the metrics.</summary>
    public void Forget(string module) => _breakers.TryRemove(module, out _);
}
