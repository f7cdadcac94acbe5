using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Host.HostChecks;
using Mik.Durable.Diagnostics.Host.Model;
using static Mik.Durable.Diagnostics.Tests.Host.HostEvidenceBuilder;

namespace Mik.Durable.Diagnostics.Tests.Host;

public sealed class ResourceChecksTests
{
    private const long GiB = 1L << 30;

    private static SystemEvidence System(long total = 8 * GiB, long available = 4 * GiB, long? cgroup = null, params DiskEvidence[] disks) =>
        new(2, [0.5, 0.4, 0.3], new MemoryEvidence(total, available, 0, 0, cgroup), disks);

    private static CheckResult Memory(SystemEvidence system, ServiceEvidence service, string metrics = "") =>
        new MemoryLimitsCheck().Run(new HostEvidenceBuilder().Json("system.json", system).Service(service).Metrics(metrics).Build()).Single();

    [Fact]
    public void Memory_is_ok_with_room_and_warns_or_fails_as_RSS_nears_the_containers_limit()
    {
        var ok = Memory(System(), Running() with { RssBytes = GiB });
        Assert.Equal(Verdict.Ok, ok.Verdict);
        Assert.Contains("of the machine's memory", ok.Reason);

        var tight = Memory(System(cgroup: 2 * GiB), Running() with { RssBytes = 1900L << 20 });
        Assert.Equal(Verdict.Fail, tight.Verdict);
        Assert.Contains("of the container's memory.max", tight.Reason);
        Assert.StartsWith("Reduce memory usage in mik.toml [server]: lower max_cache_mb", tight.Resolution);

        var bigCache = Memory(System(total: GiB, available: GiB / 2), Running() with { RssBytes = 100L << 20 }, "mik_cache_capacity_bytes 805306368\n");
        Assert.Equal(Verdict.Warn, bigCache.Verdict);
        Assert.Contains("max_cache_mb (768 MiB)", bigCache.Reason);
        Assert.Contains("mik_cache_capacity_bytes 805306368", bigCache.Evidence);

        var stopped = Memory(System(), Stopped());
        Assert.Equal(Verdict.Skip, stopped.Verdict);
    }

    [Fact]
    public void Disk_free_gives_one_result_per_folder_and_fails_when_nearly_full_with_the_cleanup_fix()
    {
        var system = System(disks:
        [
            new DiskEvidence("state", "/var/lib/mik", "/var/lib/mik", 100 * GiB, 50 * GiB),
            new DiskEvidence("modules", "/var/lib/mik/modules", "/var/lib/mik", 100 * GiB, 8 * GiB),
            new DiskEvidence("logs", "/var/log/mik", "/var/log", 100 * GiB, GiB),
        ]);

        var results = new DiskFreeCheck().Run(new HostEvidenceBuilder().Json("system.json", system).Build()).ToList();

        Assert.Equal([Verdict.Ok, Verdict.Warn, Verdict.Fail], results.Select(r => r.Verdict));
        Assert.Equal("logs folder /var/log/mik: 1 GiB free (1 %)", results[2].Reason);
        Assert.Equal("logs: /var/log/mik (missing; measured at /var/log): 1 GiB free of 100 GiB (1 %)", results[2].Evidence[0]);
        Assert.Contains("mik cache clean", results[2].Resolution);
        Assert.Contains("find /var/log/mik -name \"mik*.log\" -mtime +7 -delete", results[2].Resolution);
    }
}
