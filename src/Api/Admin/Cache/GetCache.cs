using Mediator;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Admin.Cache;

/// <summary><c>GET /cache</c>: the memory tier (fill, limits, hits) and every AOT artifact in the modules folder with its state.</summary>
internal sealed record GetCache : IRequest<CacheInfo>;

internal sealed record CacheInfo(MemoryTierInfo Memory, AotTierInfo Aot);

internal sealed record MemoryTierInfo(int Entries, long Bytes, int MaxEntries, long MaxBytes, long MemoryHits, long AotHits, long Misses, double HitRatio);

internal sealed record AotTierInfo(bool Enabled, string Dir, int Files, long Bytes, int StaleFiles, long StaleBytes, IReadOnlyList<ArtifactInfo> Artifacts);

internal sealed record ArtifactInfo(string Module, long Bytes, string State);

internal sealed class GetCacheHandler(ModuleRegistry registry, MikConfig config, AotKey key) : IRequestHandler<GetCache, CacheInfo>
{
    public ValueTask<CacheInfo> Handle(GetCache query, CancellationToken cancellationToken)
    {
        var stats = registry.Statistics;
        var memory = new MemoryTierInfo(registry.CachedEntries, registry.CachedBytes, config.Server.CacheSize, registry.CacheCapacityBytes,
            stats.MemoryHits, stats.AotHits, stats.Misses, Math.Round(stats.HitRatio, 4));
        var files = ArtifactsOf(registry, config, key);
        var stale = files.Where(f => f.IsStale).ToList();
        var aot = new AotTierInfo(config.Server.AotCache, Path.GetFullPath(config.Server.Modules), files.Count, files.Sum(f => f.Bytes),
            stale.Count, stale.Sum(f => f.Bytes), [.. files.Select(f => new ArtifactInfo(f.Module, f.Bytes, f.State))]);
        return ValueTask.FromResult(new CacheInfo(memory, aot));
    }

    /// <summary>The artifacts on disk, judged against the sources the registry serves (hashed already).</summary>
    public static IReadOnlyList<AotFile> ArtifactsOf(ModuleRegistry registry, MikConfig config, AotKey key)
    {
        var versions = registry.Versions;
        return AotCacheFolder.List(config.Server.Modules, key, name => versions.TryGetValue(name, out var v) ? v.Sha256 : null);
    }
}
