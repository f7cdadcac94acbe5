using FluentValidation;
using Mediator;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Api.Admin;

/// <summary>
/// Runs the validators of every admin command and query before its handler; a failure never reaches it, and is
/// recorded when the command is one whose refusals are audited (<see cref="IRecordsRejection"/>).
/// </summary>
internal sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators, IAuditTrail audit, TimeProvider time)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            if (result.IsValid) continue;
            if (message is IRecordsRejection rejectable)
                audit.Record(rejectable.Rejected(string.Join("; ", result.Errors.Select(e => e.ErrorMessage)), time.GetUtcNow()));
            throw new ValidationException(result.Errors);
        }
        return await next(message, cancellationToken);
    }
}
