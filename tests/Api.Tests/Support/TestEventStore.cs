using Marten;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.EventStore.Migrations;

namespace Mik.Durable.Api.Tests.Support;

/// <summary>A Marten store with mik's configuration on a fresh schema of the test PostgreSQL.</summary>
internal static class TestEventStore
{
    /// <summary>The schema comes from the committed migrations, as <c>mik serve</c> gets it (indexes included).</summary>
    public static async Task<DocumentStore> CreateAsync(string? schema = null, string? connectionString = null)
    {
        schema ??= TestDatabase.NewSchema();
        connectionString ??= TestDatabase.ConnectionString;
        await new MigrationRunner(connectionString, schema).ApplyAsync(TestContext.Current.CancellationToken);
        return new DocumentStore(MikStoreOptions.Create(connectionString, schema));
    }

    /// <summary>A connection string to a port nothing listens on: PostgreSQL "down".</summary>
    public static string Unreachable => $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Database=postgres;Timeout=2";
}
