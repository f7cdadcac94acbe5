namespace Mik.Durable.Domain.AuditTrail;

/// <summary>
/// An event of the audit trail (docs/operations.md). <see cref="Stream"/> is its stream key and <see cref="At"/>
/// the moment it happened, which stays its timestamp in the store even when it is written later from the spool.
/// </summary>
public interface IAuditEvent
{
    DateTimeOffset At { get; }

    string Stream { get; }
}
