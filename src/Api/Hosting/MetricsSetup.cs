using Mik.Durable.Runtime.Breakers;
using Mik.Durable.Runtime.Cache;
using Mik.Durable.Runtime.Modules;
using Prometheus;

namespace Mik.Durable.Api.Hosting;

internal static class MetricsSetup
{
    /// <summary><c>GET /metrics</c> on both listeners (Prometheus text format 0.0.4), with the cache gauges read at scrape time.</summary>
    public static IEndpointRouteBuilder MapMikMetrics(this IEndpointRouteBuilder app)
    {
        var modules = app.ServiceProvider.GetRequiredService<ModuleRegistry>();
        var breakers = app.ServiceProvider.GetRequiredService<CircuitBreakers>();
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            foreach (var breaker in breakers.All) BreakerMetrics.State.WithLabels(breaker.Module).Set((int)breaker.State);
            CacheMetrics.Entries.Set(modules.CachedEntries);
            CacheMetrics.Bytes.Set(modules.CachedBytes);
            CacheMetrics.CapacityBytes.Set(modules.CacheCapacityBytes);
        });
        app.MapMetrics("/metrics");
        return app;
    }
}
