using System.Globalization;
using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary>
/// <c>auth.failure_spike</c>: refused admin requests (<c>mik_auth_failures_total{reason}</c>) between the two metrics
/// samples. Any is a warning (something is knocking with a missing or wrong key right now); <see cref="Spike"/> or
/// more fails.
/// </summary>
internal sealed class AuthFailureSpikeCheck : ICheck
{
    public const string Metric = "mik_auth_failures_total";
    public const int Spike = 10;

    public string Id => "auth.failure_spike";

    public string Title => "no burst of refused admin requests between the two metrics samples";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (HostEvidence.MetricsStart(evidence) is not { } start || evidence.Text(HostFiles.MetricsEnd) is null)
        {
            yield return HostEvidence.Missing(this, HostFiles.MetricsEnd, HostFiles.Metrics, evidence);
            yield break;
        }
        var end = HostEvidence.MetricsEnd(evidence)!;
        var lines = new List<string>();
        var rises = new List<string>();
        double total = 0;
        foreach (var sample in end.Named(Metric))
        {
            var reason = sample.Label("reason") ?? "";
            var before = start.One(Metric, "reason", reason)?.Value ?? 0;
            var rise = sample.Value - before;
            lines.Add($"start: {start.One(Metric, "reason", reason)?.Line ?? "(none)"}; end: {sample.Line}");
            if (rise > 0) rises.Add($"{rise.ToString("0", CultureInfo.InvariantCulture)} {reason}");
            total += Math.Max(0, rise);
        }
        var since = end.Sum(Metric) ?? 0;
        if (total == 0)
            yield return new CheckResult(Id, Title, Verdict.Ok, $"no refused admin request between the samples ({since:0} since mik started)", lines);
        else
            yield return new CheckResult(Id, Title, total >= Spike ? Verdict.Fail : Verdict.Warn,
                $"{total:0} refused admin request(s) between the two samples ({string.Join(", ", rises)})", lines, Runbook.AuthFailures);
    }
}
