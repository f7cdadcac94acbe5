namespace Mik.Durable.Runtime.Admission;

/// <summary>A module's circuit; the numbers are the values of <c>mik_circuit_breaker_state</c>.</summary>
internal enum CircuitState
{
    Closed = 0,
    Open = 1,
    HalfOpen = 2,
}
