using JasperFx.Events.Daemon;
using Marten;
using Mik.Durable.Api.Audit;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.EventStore;

internal static class EventStoreSetup
{
    /// <summary>
    /// Marten on <paramref name="connection"/> with the projection daemon in HotCold mode (one instance of the
    /// cluster runs the projections), and the monitor behind <c>/health</c>'s event_store.
    /// </summary>
    public static WebApplicationBuilder AddMikEventStore(this WebApplicationBuilder builder, MikConfig config, EventStoreConnection connection)
    {
        builder.Services.AddMikAudit(config);
        builder.Services.AddSingleton(connection);
        builder.Services.AddSingleton<EventStoreStatus>();
        builder.Services.AddHostedService<EventStoreMonitor>();

        builder.Services.AddMarten(_ => MikStoreOptions.Create(connection.ConnectionString, config.Database.Schema))
            .UseLightweightSessions()
            .AddAsyncDaemon(DaemonMode.HotCold);
        return builder;
    }
}
