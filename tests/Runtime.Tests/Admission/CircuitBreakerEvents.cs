using Mik.Durable.Domain.Breakers;
using Mik.Durable.Runtime.Admission;

namespace Mik.Durable.Runtime.Tests.Admission;

/// <summary>The breaker's calls with every transition collected in one list, so a test reads them in order.</summary>
internal static class CircuitBreakerEvents
{
    public static CircuitPass TryAdmit(this CircuitBreaker breaker, List<ICircuitEvent> events)
    {
        var admission = breaker.TryAdmit(out var transition);
        if (transition is not null) events.Add(transition);
        return admission;
    }

    public static void RecordSuccess(this CircuitBreaker breaker, CircuitPass admission, List<ICircuitEvent> events)
    {
        breaker.RecordSuccess(admission, out var transition);
        if (transition is not null) events.Add(transition);
    }

    public static void RecordFailure(this CircuitBreaker breaker, CircuitPass admission, string error, List<ICircuitEvent> events)
    {
        breaker.RecordFailure(admission, error, out var transition);
        if (transition is not null) events.Add(transition);
    }

    public static void Reset(this CircuitBreaker breaker, string actor, List<ICircuitEvent> events) => events.Add(breaker.Reset(actor));
}
