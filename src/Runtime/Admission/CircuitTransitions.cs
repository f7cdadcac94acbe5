using Microsoft.Extensions.Logging;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Breakers;

namespace Mik.Durable.Runtime.Admission;

/// <summary>
/// Where breaker transitions go: the audit trail (stream <c>breaker:&lt;module&gt;</c>), an audit log line
/// (<paramref name="auditLog"/>, <c>target:"audit"</c>) and the transition counter.
/// </summary>
internal sealed partial class CircuitTransitions(IAuditTrail audit, ILogger auditLog)
{
    private readonly ILogger _audit = auditLog;

    public void Publish(ICircuitEvent e) => Publish(e, record: true);

    /// <summary>For a transition whose event an admin action has already committed to the store itself.</summary>
    public void PublishCommitted(ICircuitEvent e) => Publish(e, record: false);

    private void Publish(ICircuitEvent e, bool record)
    {
        if (record) audit.Record(e);
        switch (e)
        {
            case CircuitOpened o:
                Opened(_audit, o.Module, o.ConsecutiveFailures, o.LastError);
                BreakerMetrics.Transitions.WithLabels(o.Module, "open").Inc();
                break;
            case CircuitHalfOpened h:
                HalfOpened(_audit, h.Module);
                BreakerMetrics.Transitions.WithLabels(h.Module, "half_open").Inc();
                break;
            case CircuitClosed c:
                Closed(_audit, c.Module, c.OpenMs);
                BreakerMetrics.Transitions.WithLabels(c.Module, "closed").Inc();
                break;
            case CircuitReset r:
                Reset(_audit, r.Module, r.Actor);
                BreakerMetrics.Transitions.WithLabels(r.Module, "closed").Inc();
                break;
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "circuit_opened")]
    private static partial void Opened(ILogger logger, string module, int consecutiveFailures, string lastError);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "circuit_half_opened")]
    private static partial void HalfOpened(ILogger logger, string module);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "circuit_closed")]
    private static partial void Closed(ILogger logger, string module, long openMs);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "circuit_reset")]
    private static partial void Reset(ILogger logger, string module, string actor);
}
