namespace Mik.Durable.Runtime.Admission;

/// <summary>When a circuit opens and how long it stays open (docs/runtime.md; <c>[breaker]</c>).</summary>
/// <param name="FailureThreshold">Consecutive failures that open the circuit. Default 5.</param>
/// <param name="RecoveryTimeout">Time an open circuit rejects before one probe is let through. Default 30 s.</param>
internal sealed record CircuitPolicy(int FailureThreshold, TimeSpan RecoveryTimeout)
{
    public static CircuitPolicy Default { get; } = new(5, TimeSpan.FromSeconds(30));
}
