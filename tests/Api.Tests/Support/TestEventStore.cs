using Marten;
using Mik.Durable.Api.EventStore;

namespace Mik.Durable.Api.Tests.Support;

/// <summary>A Marten store with mik's configuration on a fresh schema of the test PostgreSQL.</summary>
internal static class TestEventStore
{
    public static async Task<DocumentStore> CreateAsync(string? schema = null, string? connectionString = null)
    {
        var store = new DocumentStore(MikStoreOptions.Create(connectionString ?? TestDatabase.ConnectionString, schema ?? TestDatabase.NewSchema()));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return store;
    }

    /// <summary>A connection string to a port nothing listens on: PostgreSQL "down".</summary>
    public static string Unreachable => $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=postgres;Timeout=2";
}
