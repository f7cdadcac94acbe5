using System.Text.Json.Serialization;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Domain.Breakers;

/// <summary>A transition of a module's circuit (stream <c>breaker:&lt;module&gt;</c>, docs/operations.md).</summary>
public interface ICircuitEvent : IAuditEvent
{
    string Module { get; }
}

public sealed record CircuitOpened(string Module, DateTimeOffset At, int ConsecutiveFailures, string LastError) : ICircuitEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Breaker(Module);
}

public sealed record CircuitHalfOpened(string Module, DateTimeOffset At) : ICircuitEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Breaker(Module);
}

public sealed record CircuitClosed(string Module, DateTimeOffset At, long OpenMs) : ICircuitEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Breaker(Module);
}

public sealed record CircuitReset(string Module, DateTimeOffset At, string Actor) : ICircuitEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Breaker(Module);
}
