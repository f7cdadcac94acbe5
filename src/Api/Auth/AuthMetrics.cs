using Mik.Durable.Domain.AuthFailures;
using Prometheus;

namespace Mik.Durable.Api.Auth;

/// <summary><c>mik_auth_failures_total{reason}</c> (docs/runtime.md).</summary>
internal static class AuthMetrics
{
    public static Counter Failures { get; } = Metrics.CreateCounter("mik_auth_failures_total",
        "Admin API requests refused for a missing (401) or wrong (403) X-API-Key, by reason.",
        new CounterConfiguration { LabelNames = ["reason"] });

    /// <summary>Exports both reasons at 0 from the start, so rate() and alerts see a series before the first failure.</summary>
    public static void Export()
    {
        Failures.WithLabels(AuthFailureReasons.MissingKey);
        Failures.WithLabels(AuthFailureReasons.InvalidKey);
    }
}
