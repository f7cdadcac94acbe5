using Microsoft.AspNetCore.Http.HttpResults;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Requests;
using Mik.Durable.Runtime.Admission;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Health;

/// <summary><c>GET /health</c> on both listeners: 200 once serving, 503 while starting or draining.</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth).WithName("health");
        return app;
    }

    private static JsonHttpResult<HealthReport> GetHealth(
        ServerState state, InFlightRequests inFlight, EventStoreStatus eventStore, ModuleRegistry modules, CircuitBreakers breakers, TimeProvider time)
    {
        var status = state.Status;
        var report = new HealthReport(
            Status: status.ToString().ToLowerInvariant(),
            Version: MikVersion.Current,
            InstanceId: state.InstanceId,
            UptimeS: (long)(time.GetUtcNow() - state.StartedAt).TotalSeconds,
            ModulesLoaded: modules.Versions.Values.Count(v => v.Problem is null),
            ModulesBroken: modules.Versions.Values.Count(v => v.Problem is not null),
            ModulesDir: modules.Folder.IsMissing ? "missing" : "ok",
            Cache: new CacheReport(modules.CachedEntries, modules.CachedBytes, modules.CacheCapacityBytes,
                Math.Round(modules.Statistics.HitRatio, 4)),
            InFlight: inFlight.Count,
            EventStore: eventStore.IsUp ? "ok" : "degraded",
            CircuitsOpen: breakers.OpenCount);
        return TypedResults.Json(report, statusCode: status == ServerStatus.Ready ? 200 : 503);
    }
}
