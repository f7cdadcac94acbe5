using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Api.Admin;

/// <summary>
/// A command whose refusal is part of the audit trail (an upload turned away): <see cref="ValidationBehavior{TMessage,TResponse}"/>
/// and the handler record <see cref="Rejected"/> through the audit queue, so a refusal is kept even while PostgreSQL is away.
/// </summary>
internal interface IRecordsRejection
{
    IAuditEvent Rejected(string reason, DateTimeOffset at);
}
