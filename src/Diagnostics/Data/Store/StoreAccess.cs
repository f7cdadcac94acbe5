using System.Text.RegularExpressions;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Runtime.Configuration;
using Npgsql;

namespace Mik.Durable.Diagnostics.Data.Store;

/// <summary>
/// An open connection to the event store mik uses, when <see cref="CollectContext.EventStoreConnection"/> gives one,
/// with short timeouts so an unreachable server fails this collector well inside its own timeout. A failure's
/// message has the connection's password taken out, whatever the driver put in it.
/// </summary>
internal static partial class StoreAccess
{
    public static async Task<NpgsqlConnection?> OpenAsync(CollectContext context, CancellationToken cancellationToken)
    {
        if (await context.EventStoreConnection(cancellationToken) is not { } connectionString) return null;
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 5, CommandTimeout = 10, Pooling = false };
        }
        catch (ArgumentException)
        {
            // Not the driver's message: it may quote the part it could not read, password and all.
            throw new StoreUnreachableException("database.url is not a valid PostgreSQL URL or connection string", null);
        }
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await connection.DisposeAsync();
            throw new StoreUnreachableException(Clean(e.Message, builder.Password), e);
        }
    }

    /// <summary>The schema of mik's tables, checked to be a plain lower-case identifier before it goes into SQL.</summary>
    public static string Schema(CollectContext context)
    {
        var schema = context.Config.Config.Database.Schema;
        return Identifier().IsMatch(schema) ? schema : throw new InvalidOperationException($"database.schema '{schema}' is not a plain identifier");
    }

    public static string Clean(string message, string? password) =>
        string.IsNullOrEmpty(password) ? message : message.Replace(password, SecretSettings.Redacted, StringComparison.Ordinal);

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
