using Prometheus;

namespace Mik.Durable.Runtime.Admission;

/// <summary>The breaker series of <c>/metrics</c> (docs/runtime.md); labels are existing modules only.</summary>
internal static class BreakerMetrics
{
    public static Gauge State { get; } = Metrics.CreateGauge("mik_circuit_breaker_state",
        "Circuit of each module: 0 closed, 1 open, 2 half-open.", new GaugeConfiguration { LabelNames = ["module"] });

    public static Counter Transitions { get; } = Metrics.CreateCounter("mik_circuit_breaker_transitions_total",
        "Circuit transitions by module and new state.", new CounterConfiguration { LabelNames = ["module", "to"] });
}
