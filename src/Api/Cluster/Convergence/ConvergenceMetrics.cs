using Prometheus;

namespace Mik.Durable.Api.Cluster.Convergence;

/// <summary>The convergence loop's series on <c>/metrics</c> (docs/operations.md, Metrics).</summary>
internal static class ConvergenceMetrics
{
    private static readonly Counter Activations = Metrics.CreateCounter("mik_cluster_activations_total",
        "Versions this instance put in place (or removed) to follow the store, by outcome.",
        new CounterConfiguration { LabelNames = ["outcome"] });

    private static readonly Counter Passes = Metrics.CreateCounter("mik_cluster_passes_total",
        "Convergence passes run, by result (failed: PostgreSQL could not be read).",
        new CounterConfiguration { LabelNames = ["result"] });

    public static void Activated(bool succeeded) => Activations.WithLabels(succeeded ? "activated" : "failed").Inc();

    public static void Passed(bool succeeded) => Passes.WithLabels(succeeded ? "ok" : "failed").Inc();
}
