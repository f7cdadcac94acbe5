using JasperFx;
using JasperFx.Events;
using Marten;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.EventStore;

internal static class EventStoreSetup
{
    /// <summary>Marten on <paramref name="connection"/>, and the monitor behind <c>/health</c>'s event_store.</summary>
    public static WebApplicationBuilder AddMikEventStore(this WebApplicationBuilder builder, MikConfig config, EventStoreConnection connection)
    {
        builder.Services.AddSingleton(connection);
        builder.Services.AddSingleton<EventStoreStatus>();
        builder.Services.AddHostedService<EventStoreMonitor>();

        builder.Services.AddMarten(_ =>
        {
            var options = new StoreOptions();
            options.Connection(connection.ConnectionString);
            options.DatabaseSchemaName = config.Database.Schema;
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            return options;
        }).UseLightweightSessions();
        return builder;
    }
}
