namespace Mik.Durable.Runtime.Configuration;

/// <summary><c>[breaker]</c>: per-module circuit breaker thresholds (docs/runtime.md).</summary>
public sealed class BreakerOptions
{
    /// <summary>Consecutive failures that open a module's circuit. Default 5.</summary>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>Seconds an open circuit rejects before one half-open probe. Default 30.</summary>
    public int RecoveryTimeoutSecs { get; set; } = 30;
}
