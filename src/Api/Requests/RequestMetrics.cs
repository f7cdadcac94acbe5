using System.Collections.Concurrent;
using Prometheus;

namespace Mik.Durable.Api.Requests;

/// <summary>
/// Request series of <c>/metrics</c> (docs/runtime.md). The module label is only ever an existing module's name,
/// or empty for a request to a module that does not exist, so clients cannot grow the label set.
/// </summary>
internal static class RequestMetrics
{
    internal static readonly Counter Requests = Metrics.CreateCounter("mik_requests_total",
        "Handler requests by module and HTTP status.",
        new CounterConfiguration { LabelNames = ["module", "status"] });

    internal static readonly Histogram Duration = Metrics.CreateHistogram("mik_request_duration_seconds",
        "Time from request to response for handler requests, by module.",
        new HistogramConfiguration
        {
            LabelNames = ["module"],
            Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        });

    private static readonly Counter Rejected = Metrics.CreateCounter("mik_requests_rejected_total",
        "Requests refused before running a handler (or, for a bad body, before an admin upload was read), by reason.",
        new CounterConfiguration { LabelNames = ["reason"] });

    // Looking a child up by label values hashes and allocates on every call; each module's children are kept instead.
    private static readonly ConcurrentDictionary<string, ModuleRequestSeries> Series = new(StringComparer.Ordinal);

    /// <summary>The series of requests to no existing module (label <c>module=""</c>).</summary>
    public static ModuleRequestSeries Unknown { get; } = new("");

    public static Gauge InFlight { get; } = Metrics.CreateGauge("mik_requests_in_flight", "Requests being served (probes and scrapes excluded).");

    /// <summary>The series of <paramref name="module"/>, which must exist.</summary>
    public static ModuleRequestSeries For(string module) => Series.GetOrAdd(module, static m => new ModuleRequestSeries(m));

    public static void Reject(string reason) => Rejected.WithLabels(reason).Inc();

    // The reasons are a fixed set: export each from the start, so rate() sees a 0 before the first refusal.
    static RequestMetrics()
    {
        foreach (var reason in new[] { "overloaded", "module_busy", "circuit_open", "body_too_large", "module_reloading",
                     "method_not_supported", RequestBodyRejection.Malformed, RequestBodyRejection.TooSlow }) Rejected.WithLabels(reason);
    }
}
