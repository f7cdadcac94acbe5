using Marten;
using Weasel.Core.Migrations;

namespace Mik.Durable.Api.EventStore.Migrations;

/// <summary>Marten's own comparison of <see cref="MikStoreOptions"/> with what the database holds.</summary>
internal static class MartenSchemaCheck
{
    /// <summary>Null when the database matches; else the DDL Marten would run to make it match.</summary>
    public static async Task<string?> FindDifferencesAsync(string connectionString, string schema, CancellationToken cancellationToken)
    {
        using var store = new DocumentStore(MikStoreOptions.Create(connectionString, schema));
        try
        {
            await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync(cancellationToken);
            return null;
        }
        catch (DatabaseValidationException e)
        {
            // The message is a headline ("Configuration to Schema Validation … Failed! These changes detected:")
            // followed by the DDL, which is the useful part.
            var lines = e.Message.Split('\n');
            return string.Join('\n', lines.Skip(1)).Trim();
        }
    }
}
