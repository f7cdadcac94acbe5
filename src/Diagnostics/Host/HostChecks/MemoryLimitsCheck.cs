using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary>
/// <c>memory.limits</c> (runbook: "Process killed, OOM"): mik's RSS, its compiled-module cache ceiling
/// (<c>mik_cache_capacity_bytes</c> = max_cache_mb) and the largest guest memory against the memory it may have
/// (the container's limit when lower than the machine's), and the machine's available memory.
/// </summary>
internal sealed class MemoryLimitsCheck : ICheck
{
    public const string MemoryMetric = "mik_memory_bytes";
    public const string CapacityMetric = "mik_cache_capacity_bytes";
    public const double FailShare = 0.9;
    public const double WarnShare = 0.75;
    public const double CacheShare = 0.5;
    public const double LowAvailable = 0.1;

    public string Id => "memory.limits";

    public string Title => "mik's memory (RSS, max_cache_mb, guests) against the machine's or container's limit";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (HostEvidence.System(evidence) is not { } system)
        {
            yield return HostEvidence.Missing(this, HostFiles.SystemJson, HostFiles.System, evidence);
            yield break;
        }
        var metrics = HostEvidence.MetricsEnd(evidence);
        var service = HostEvidence.Service(evidence);
        var memory = system.Memory;
        var container = memory.CgroupLimitBytes is { } c && c < memory.TotalBytes;
        var limit = container ? memory.CgroupLimitBytes!.Value : memory.TotalBytes;
        var limitName = container ? "the container's memory.max" : "the machine's memory";
        var lines = new List<string>
        {
            $"system.json: total {HostEvidence.Bytes(memory.TotalBytes)}, available {HostEvidence.Bytes(memory.AvailableBytes)}, swap {HostEvidence.Bytes(memory.SwapFreeBytes)} free of {HostEvidence.Bytes(memory.SwapTotalBytes)}"
                + (memory.CgroupLimitBytes is { } cg ? $", cgroup memory.max {HostEvidence.Bytes(cg)}" : ""),
        };
        if (metrics is not null) lines.AddRange(metrics.Named(MemoryMetric).Concat(metrics.Named(CapacityMetric)).Select(s => s.Line));
        var rss = service?.RssBytes ?? (long?)metrics?.One(MemoryMetric, "kind", "rss")?.Value;
        if (service?.RssBytes is { } r) lines.Add($"service.json: rss_bytes {r}");
        if (rss is null)
        {
            yield return new CheckResult(Id, Title, Verdict.Skip, "mik is not running: no RSS to weigh (service.json and metrics have none)", lines);
            yield break;
        }
        var problems = new List<(string Verdict, string Text)>();
        var share = (double)rss.Value / limit;
        if (share >= FailShare) problems.Add((Verdict.Fail, $"RSS {HostEvidence.Bytes(rss.Value)} is {share:P0} of {limitName}"));
        else if (share >= WarnShare) problems.Add((Verdict.Warn, $"RSS {HostEvidence.Bytes(rss.Value)} is {share:P0} of {limitName}"));
        if (metrics?.Sum(CapacityMetric) is { } capacity && capacity >= CacheShare * limit)
            problems.Add((Verdict.Warn, $"max_cache_mb ({HostEvidence.Bytes((long)capacity)}) is {capacity / limit:P0} of {limitName}"));
        if (memory.TotalBytes > 0 && memory.AvailableBytes < LowAvailable * memory.TotalBytes)
            problems.Add((Verdict.Warn, $"the machine has only {HostEvidence.Bytes(memory.AvailableBytes)} available"));
        if (problems.Count == 0)
        {
            yield return new CheckResult(Id, Title, Verdict.Ok, $"RSS {HostEvidence.Bytes(rss.Value)} is {share:P0} of {limitName} ({HostEvidence.Bytes(limit)})", lines);
            yield break;
        }
        var verdict = problems.Any(p => p.Verdict == Verdict.Fail) ? Verdict.Fail : Verdict.Warn;
        yield return new CheckResult(Id, Title, verdict, string.Join("; ", problems.Select(p => p.Text)), lines, Runbook.Memory);
    }
}
