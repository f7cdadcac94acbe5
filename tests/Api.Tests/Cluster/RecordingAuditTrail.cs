using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Api.Tests.Cluster;

/// <summary>An audit trail that keeps what it is given, for tests of what gets recorded.</summary>
internal sealed class RecordingAuditTrail : IAuditTrail
{
    private readonly List<IAuditEvent> _events = [];

    public IReadOnlyList<IAuditEvent> Events
    {
        get
        {
            lock (_events) return [.. _events];
        }
    }

    public void Record(IAuditEvent auditEvent)
    {
        lock (_events) _events.Add(auditEvent);
    }
}
