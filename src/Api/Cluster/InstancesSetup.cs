using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cluster;

internal static class InstancesSetup
{
    /// <summary>
    /// This instance's identity (from the state dir), its lifecycle events, its heartbeat and the cluster query.
    /// Call after <c>AddMikEventStore</c>: hosted services stop in reverse order, so the lifecycle's
    /// InstanceStopped reaches the audit writer before the writer stops, and the heartbeat stops before the
    /// lifecycle records the stop (a beat newer than the stop would read as a restart).
    /// </summary>
    public static WebApplicationBuilder AddMikInstances(this WebApplicationBuilder builder, MikConfig config)
    {
        builder.Services.AddSingleton(InstanceIdentity.LoadOrCreate(config.State.Dir));
        builder.Services.AddSingleton<ProjectionLeadership>();
        builder.Services.AddSingleton<InstancesQuery>();
        builder.Services.AddHostedService<InstanceLifecycle>();
        builder.Services.AddHostedService<HeartbeatService>();
        return builder;
    }
}
