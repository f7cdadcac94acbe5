using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Requests;
using Mik.Durable.Runtime.Admission;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Wasm;
using Prometheus;

namespace Mik.Durable.Api.Hosting;

internal static class MetricsSetup
{
    private static readonly Gauge MemoryBytes = Metrics.CreateGauge("mik_memory_bytes",
        "Memory by kind: rss (resident set of the process), managed_heap (.NET heap), guest (largest handler linear memory since the last scrape).",
        new GaugeConfiguration { LabelNames = ["kind"] });

    private static readonly Gauge MaxConcurrent = Metrics.CreateGauge("mik_max_concurrent_requests", "The max_concurrent_requests setting.");
    private static readonly Gauge EventStoreUp = Metrics.CreateGauge("mik_event_store_up", "1 when PostgreSQL answered the last check, else 0.");
    private static readonly Gauge BuildInfo = Metrics.CreateGauge("mik_build_info", "Always 1; the labels say what is running.",
        new GaugeConfiguration { LabelNames = ["version", "wasmtime"] });

    /// <summary><c>GET /metrics</c> on both listeners (Prometheus text format 0.0.4); gauges are read at scrape time.</summary>
    public static IEndpointRouteBuilder MapMikMetrics(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var modules = services.GetRequiredService<ModuleRegistry>();
        var breakers = services.GetRequiredService<CircuitBreakers>();
        var inFlight = services.GetRequiredService<InFlightRequests>();
        var eventStore = services.GetRequiredService<EventStoreStatus>();
        MaxConcurrent.Set(services.GetRequiredService<MikConfig>().Server.MaxConcurrentRequests);
        BuildInfo.WithLabels(MikVersion.Current, WasmEngine.WasmtimeVersion).Set(1);
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            foreach (var breaker in breakers.All) BreakerMetrics.State.WithLabels(breaker.Module).Set((int)breaker.State);
            CacheMetrics.Entries.Set(modules.CachedEntries);
            CacheMetrics.Bytes.Set(modules.CachedBytes);
            CacheMetrics.CapacityBytes.Set(modules.CacheCapacityBytes);
            RequestMetrics.InFlight.Set(inFlight.Count);
            EventStoreUp.Set(eventStore.IsUp ? 1 : 0);
            MemoryBytes.WithLabels("rss").Set(Environment.WorkingSet);
            MemoryBytes.WithLabels("managed_heap").Set(GC.GetTotalMemory(forceFullCollection: false));
            MemoryBytes.WithLabels("guest").Set(GuestMemoryPeak.TakePeak());
        });
        app.MapMetrics("/metrics");
        return app;
    }
}
