using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Api.AuditRecording;

/// <summary>
/// An event on its way to the store. <see cref="Id"/> is given once, when the event is recorded, and travels with
/// it through the spool, so a replay can tell which events the store already has (exactly once).
/// </summary>
internal sealed record AuditRecord(Guid Id, IAuditEvent Event)
{
    public static AuditRecord New(IAuditEvent auditEvent) => new(Guid.CreateVersion7(auditEvent.At), auditEvent);
}
