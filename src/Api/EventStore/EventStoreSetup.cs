using JasperFx.Events.Daemon;
using Marten;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.EventStore;

internal static class EventStoreSetup
{
    /// <summary>
    /// Marten on <paramref name="connection"/> with the projection daemon in HotCold mode (one instance of the
    /// cluster runs the projections), and the monitor behind <c>/health</c>'s event_store, which also applies the
    /// migrations.
    /// </summary>
    public static WebApplicationBuilder AddMikEventStore(this WebApplicationBuilder builder, MikConfig config, EventStoreConnection connection)
    {
        builder.Services.AddSingleton(connection);
        builder.Services.AddSingleton<EventStoreStatus>();
        builder.Services.AddHostedService<EventStoreMonitor>();

        var marten = builder.Services.AddMarten(_ => MikStoreOptions.Create(connection.ConnectionString, config.Database.Schema))
            .UseLightweightSessions();
        // AddAsyncDaemon registers the coordinator and a hosted service that starts it with the host, before the
        // migrations are applied. That hosted service is replaced by ProjectionDaemonGate, which starts the same
        // coordinator once they are.
        var hostedBefore = builder.Services.Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        marten.AddAsyncDaemon(DaemonMode.HotCold);
        foreach (var daemonHost in builder.Services.Where(d => d.ServiceType == typeof(IHostedService)).Except(hostedBefore).ToList())
            builder.Services.Remove(daemonHost);
        builder.Services.AddHostedService<ProjectionDaemonGate>();
        return builder;
    }
}
