namespace Mik.Durable.Domain.AuditTrail;

/// <summary>
/// Where runtime-originated events go. <see cref="Record"/> never blocks and never waits for a database: the
/// implementation queues the event for a batching writer (and a spool while the store is away).
/// </summary>
public interface IAuditTrail
{
    void Record(IAuditEvent auditEvent);
}
