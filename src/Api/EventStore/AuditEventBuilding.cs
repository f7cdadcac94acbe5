using JasperFx.Events;
using Marten;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Api.EventStore;

internal static class AuditEventBuilding
{
    /// <summary>
    /// The store's event for <paramref name="auditEvent"/>, timestamped when it happened rather than when it is
    /// committed (which for a spooled event can be much later).
    /// </summary>
    public static IEvent BuildAuditEvent(this IDocumentSession session, IAuditEvent auditEvent)
    {
        var e = session.Events.BuildEvent(auditEvent);
        e.Timestamp = auditEvent.At;
        return e;
    }
}
