using Prometheus;

namespace Mik.Durable.Runtime.CompileCache;

/// <summary>The cache series of <c>/metrics</c> (docs/runtime.md), so the runbook's "AOT cache hit ratio" can be read.</summary>
internal static class CacheMetrics
{
    private static readonly Counter Hits = Metrics.CreateCounter("mik_cache_hits_total",
        "Compiled-module lookups and loads served without compiling, by tier (memory, aot).",
        new CounterConfiguration { LabelNames = ["tier"] });

    public static Counter.Child MemoryHits { get; } = Hits.WithLabels("memory");
    public static Counter.Child AotHits { get; } = Hits.WithLabels("aot");

    public static Counter Misses { get; } = Metrics.CreateCounter("mik_cache_misses_total",
        "Module loads that had to compile the wasm (no usable AOT artifact).");

    /// <summary>Artifacts not trusted, by the reason of their <c>AotInvalidated</c> event: a tampered-with artifact shows up here.</summary>
    public static Counter Invalidated { get; } = Metrics.CreateCounter("mik_aot_invalidated_total",
        "AOT artifacts refused at load (corrupt, stale, version_mismatch) and compiled again.",
        new CounterConfiguration { LabelNames = ["reason"] });

    public static Counter Evictions { get; } = Metrics.CreateCounter("mik_cache_evictions_total",
        "Compiled modules dropped from the memory tier to stay within cache_size / max_cache_mb.");

    public static Histogram CompileSeconds { get; } = Metrics.CreateHistogram("mik_module_compile_seconds",
        "Time to compile one module from wasm.",
        new HistogramConfiguration { Buckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    public static Gauge Entries { get; } = Metrics.CreateGauge("mik_cache_entries", "Compiled modules in the memory tier.");
    public static Gauge Bytes { get; } = Metrics.CreateGauge("mik_cache_bytes", "Bytes of compiled modules in the memory tier.");
    public static Gauge CapacityBytes { get; } = Metrics.CreateGauge("mik_cache_capacity_bytes", "max_cache_mb in bytes.");
}
