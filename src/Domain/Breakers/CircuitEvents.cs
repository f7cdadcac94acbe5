namespace Mik.Durable.Domain.Breakers;

/// <summary>A transition of a module's circuit (stream <c>breaker:&lt;module&gt;</c>, design section 5).</summary>
public interface ICircuitEvent
{
    string Module { get; }
    DateTimeOffset At { get; }
}

public sealed record CircuitOpened(string Module, DateTimeOffset At, int ConsecutiveFailures, string LastError) : ICircuitEvent;

public sealed record CircuitHalfOpened(string Module, DateTimeOffset At) : ICircuitEvent;

public sealed record CircuitClosed(string Module, DateTimeOffset At, long OpenMs) : ICircuitEvent;

public sealed record CircuitReset(string Module, DateTimeOffset At, string Actor) : ICircuitEvent;
