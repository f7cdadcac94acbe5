using System.Globalization;
using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary>
/// <c>cache.hit_ratio</c> (runbook: "Low hit ratio indicates frequent cold starts"): <c>mik_cache_hits_total{tier}</c>
/// against <c>mik_cache_misses_total</c> since mik started. Below <see cref="LowRatio"/> over at least
/// <see cref="MinimumLookups"/> loads warns; fewer loads are too few to judge.
/// </summary>
internal sealed class CacheHitRatioCheck : ICheck
{
    public const string Hits = "mik_cache_hits_total";
    public const string Misses = "mik_cache_misses_total";
    public const string Evictions = "mik_cache_evictions_total";
    public const double LowRatio = 0.8;
    public const int MinimumLookups = 20;

    public string Id => "cache.hit_ratio";

    public string Title => "compiled-module cache hit ratio (mik_cache_hits_total / misses)";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (HostEvidence.MetricsEnd(evidence) is not { } metrics)
        {
            yield return HostEvidence.Missing(this, HostFiles.MetricsEnd, HostFiles.Metrics, evidence);
            yield break;
        }
        var hits = metrics.Sum(Hits) ?? 0;
        var misses = metrics.Sum(Misses) ?? 0;
        var evictions = metrics.Sum(Evictions) ?? 0;
        List<string> lines = [.. metrics.Named(Hits).Concat(metrics.Named(Misses)).Concat(metrics.Named(Evictions)).Select(s => s.Line)];
        var lookups = hits + misses;
        if (lookups < MinimumLookups)
        {
            yield return new CheckResult(Id, Title, Verdict.Ok, $"{lookups:0} module load(s) since start: too few to judge the hit ratio", lines);
            yield break;
        }
        var ratio = hits / lookups;
        var text = ratio.ToString("0.##", CultureInfo.InvariantCulture);
        yield return ratio < LowRatio
            ? new CheckResult(Id, Title, Verdict.Warn,
                $"hit ratio {text} ({hits:0} hits, {misses:0} compiles, {evictions:0} evictions): frequent cold starts", lines, Runbook.ColdStarts)
            : new CheckResult(Id, Title, Verdict.Ok, $"hit ratio {text} ({hits:0} hits, {misses:0} compiles)", lines);
    }
}
