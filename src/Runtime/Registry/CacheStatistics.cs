using Mik.Durable.Runtime.CompileCache;

namespace Mik.Durable.Runtime.Registry;

/// <summary>Lookups of compiled modules by tier, for <c>/health</c>'s hit ratio and <see cref="CacheMetrics"/>.</summary>
internal sealed class CacheStatistics
{
    private long _memoryHits;
    private long _aotHits;
    private long _misses;

    public long MemoryHits => Interlocked.Read(ref _memoryHits);
    public long AotHits => Interlocked.Read(ref _aotHits);
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Share of lookups that did not compile (memory or AOT hits); 1 before any lookup.</summary>
    public double HitRatio
    {
        get
        {
            var hits = MemoryHits + AotHits;
            var total = hits + Misses;
            return total == 0 ? 1 : (double)hits / total;
        }
    }

    public void MemoryHit()
    {
        Interlocked.Increment(ref _memoryHits);
        CacheMetrics.MemoryHits.Inc();
    }

    public void AotHit()
    {
        Interlocked.Increment(ref _aotHits);
        CacheMetrics.AotHits.Inc();
    }

    public void Miss(TimeSpan compileTime)
    {
        Interlocked.Increment(ref _misses);
        CacheMetrics.Misses.Inc();
        CacheMetrics.CompileSeconds.Observe(compileTime.TotalSeconds);
    }
}
