using FluentValidation;
using Marten;
using Mediator;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Domain.Breakers;
using Mik.Durable.Runtime.Admission;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Admin.Circuits;

/// <summary>
/// <c>POST /circuits/{module}/reset</c>: closes a module's circuit by hand. The <c>CircuitReset</c> event is
/// committed before the circuit closes and the caller gets its answer (docs/operations.md); with PostgreSQL
/// unreachable the reset is refused rather than done without a trace.
/// </summary>
internal sealed record ResetCircuit(string Module, string Actor) : IRequest<CircuitInfo>;

internal sealed class ResetCircuitValidator : AbstractValidator<ResetCircuit>
{
    public ResetCircuitValidator() =>
        RuleFor(c => c.Module).Must(ModuleName.IsValid).WithMessage(ModuleName.Expected);
}

internal sealed class ResetCircuitHandler(
    CircuitBreakers breakers, ModuleRegistry modules, IDocumentStore store, CircuitTransitions publisher, TimeProvider time)
    : IRequestHandler<ResetCircuit, CircuitInfo>
{
    public async ValueTask<CircuitInfo> Handle(ResetCircuit command, CancellationToken cancellationToken)
    {
        if (!modules.Versions.ContainsKey(command.Module) && breakers.All.All(b => b.Module != command.Module))
            throw AdminException.NotFound($"module '{command.Module}' is not deployed");
        var reset = new CircuitReset(command.Module, time.GetUtcNow(), command.Actor);
        await AdminStore.AppendAsync(store, reset, cancellationToken);
        var breaker = breakers.For(command.Module);
        publisher.PublishCommitted(breaker.Reset(command.Actor));
        return ListCircuitsHandler.Describe(breaker, breakers);
    }
}
