using System.Collections.Concurrent;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Runtime.Tests.Support;

/// <summary>The audit trail as the runtime sees it (our own interface), keeping what was recorded in order.</summary>
internal sealed class RecordingAuditTrail : IAuditTrail
{
    private readonly ConcurrentQueue<IAuditEvent> _events = new();

    public IReadOnlyList<IAuditEvent> Events => [.. _events];

    public IReadOnlyList<T> OfType<T>() where T : IAuditEvent => [.. _events.OfType<T>()];

    public void Record(IAuditEvent auditEvent) => _events.Enqueue(auditEvent);

    public void Clear() => _events.Clear();
}
