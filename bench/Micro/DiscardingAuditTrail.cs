using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Micro;

/// <summary>Where circuit transitions would go; an uncontended, successful run makes none.</summary>
internal sealed class DiscardingAuditTrail : IAuditTrail
{
    public void Record(IAuditEvent auditEvent)
    {
    }
}
