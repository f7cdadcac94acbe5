namespace Mik.Durable.Domain.Breakers;

/// <summary>A module's circuit; the numbers are the values of <c>mik_circuit_breaker_state</c>.</summary>
public enum CircuitState
{
    Closed = 0,
    Open = 1,
    HalfOpen = 2,
}
