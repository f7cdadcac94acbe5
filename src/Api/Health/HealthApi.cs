using Microsoft.AspNetCore.Http.HttpResults;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Runtime.Configuration;

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
        ServerState state, EventStoreStatus eventStore, MikConfig config, TimeProvider time)
    {
        var status = state.Status;
        var report = new HealthReport(
            Status: status.ToString().ToLowerInvariant(),
            Version: MikVersion.Current,
            InstanceId: state.InstanceId,
            UptimeS: (long)(time.GetUtcNow() - state.StartedAt).TotalSeconds,
            ModulesLoaded: 0,
            Cache: new CacheReport(0, 0, config.Server.MaxCacheMb * 1024L * 1024L, 0),
            InFlight: state.InFlight,
            EventStore: eventStore.IsUp ? "ok" : "degraded",
            CircuitsOpen: 0);
        return TypedResults.Json(report, statusCode: status == ServerStatus.Ready ? 200 : 503);
    }
}
