using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Fuzz;

/// <summary>An audit trail that keeps nothing: a fuzzed deployment records no event worth a look.</summary>
internal sealed class DiscardedAudit : IAuditTrail
{
    public void Record(IAuditEvent auditEvent)
    {
    }
}
