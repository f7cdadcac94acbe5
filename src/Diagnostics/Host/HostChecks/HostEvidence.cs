using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Host.Metrics;
using Mik.Durable.Diagnostics.Host.Model;

namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary>The host evidence files as the checks read them, and the <c>skip</c> a check gives when one is missing.</summary>
internal static class HostEvidence
{
    public static ServiceEvidence? Service(Evidence evidence) => evidence.Read<ServiceEvidence>(HostFiles.ServiceJson);

    public static SystemEvidence? System(Evidence evidence) => evidence.Read<SystemEvidence>(HostFiles.SystemJson);

    public static HealthEvidence? Health(Evidence evidence) => evidence.Read<HealthEvidence>(HostFiles.HealthJson);

    /// <summary>The later sample (or the only one) of <c>/metrics</c>.</summary>
    public static PrometheusText? MetricsEnd(Evidence evidence) =>
        evidence.Text(HostFiles.MetricsEnd) is { } end ? PrometheusText.Parse(end)
        : evidence.Text(HostFiles.MetricsStart) is { } start ? PrometheusText.Parse(start) : null;

    public static PrometheusText? MetricsStart(Evidence evidence) =>
        evidence.Text(HostFiles.MetricsStart) is { } start ? PrometheusText.Parse(start) : null;

    /// <summary>
    /// <c>skip</c>: the file is not in the evidence; says which collector should have made it and how that ended
    /// (skipped because mik is stopped, failed, timed out, or not run at all).
    /// </summary>
    public static CheckResult Missing(ICheck check, string file, string collector, Evidence evidence)
    {
        var status = evidence.Collector(collector);
        var why = status is null
            ? $"the {collector} collector did not run"
            : $"the {collector} collector was {status.Status}" + (status.Reason is { Length: > 0 } reason ? $": {reason}" : "");
        return new CheckResult(check.Id, check.Title, Verdict.Skip, $"no {file} ({why})", []);
    }

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes} B",
    };

    public static string Describe(ListenerEvidence l) =>
        $"{l.Listener} listener: configured {l.Configured}; " + (l.Listening
            ? $"LISTEN {l.BoundAddress}:{l.Port} owned by " + (l.OwnerPid is { } pid ? $"pid {pid} ({l.OwnerName ?? "?"})" : "a process this user cannot see")
            : $"nothing listens on port {l.Port}");
}
