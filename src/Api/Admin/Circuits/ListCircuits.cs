using Mediator;
using Mik.Durable.Runtime.Admission;

namespace Mik.Durable.Api.Admin.Circuits;

/// <summary>A module's circuit on this instance: state, and seconds until an open one lets a probe through.</summary>
internal sealed record CircuitInfo(string Module, string State, int FailureThreshold, int RecoveryTimeoutS, int RetryAfterS);

/// <summary><c>GET /circuits</c>: the breakers of every module that has served a request here, by name.</summary>
internal sealed record ListCircuits : IRequest<IReadOnlyList<CircuitInfo>>;

internal sealed class ListCircuitsHandler(CircuitBreakers breakers) : IRequestHandler<ListCircuits, IReadOnlyList<CircuitInfo>>
{
    public ValueTask<IReadOnlyList<CircuitInfo>> Handle(ListCircuits query, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<CircuitInfo>>([.. breakers.All.OrderBy(b => b.Module, StringComparer.Ordinal).Select(b => Describe(b, breakers))]);

    public static CircuitInfo Describe(CircuitBreaker breaker, CircuitBreakers breakers)
    {
        var policy = breakers.PolicyFor(breaker.Module);
        return new CircuitInfo(breaker.Module, CircuitStateNames.Of(breaker.State), policy.FailureThreshold,
            (int)policy.RecoveryTimeout.TotalSeconds, (int)Math.Ceiling(breaker.RetryAfter.TotalSeconds));
    }
}
