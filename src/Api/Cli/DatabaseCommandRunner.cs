using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Api.Cluster;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.EventStore.Embedded;
using Mik.Durable.Api.EventStore.Migrations;
using Mik.Durable.Runtime.Configuration;
using Npgsql;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// What every <c>mik db</c> command shares: the configuration as <c>serve</c> loads it, the configured server or
/// the embedded cluster (started for the command and stopped after it, unless a running mik already had it up),
/// and failures as one line on stderr with exit 1.
/// </summary>
internal static class DatabaseCommandRunner
{
    public static async Task<int> RunAsync(string? configPath, TextWriter error,
        Func<DatabaseTarget, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        MikConfig config;
        try
        {
            config = ConfigLoader.Load(configPath, Environment.GetEnvironmentVariable).Config;
        }
        catch (Exception e) when (ConfigError.Is(e))
        {
            return await ConfigError.WriteAsync(error, e);
        }

        EmbeddedPostgres? embedded = null;
        var description = "the embedded PostgreSQL";
        try
        {
            string connectionString;
            var database = DatabaseChoice.For(config, NullLoggerFactory.Instance);
            if (database.Embedded is null)
            {
                if (!TryConnectionString(database.Url!, out connectionString, out var problem))
                {
                    await error.WriteLineAsync("mik: database.url: " + problem);
                    return ExitCodes.Failure;
                }
            }
            else
            {
                StateDirectory.Prepare(config.State.Dir);
                embedded = database.Embedded;
                connectionString = await embedded.StartAsync(cancellationToken);
            }
            description = DatabaseUrl.Describe(connectionString);
            return await work(new DatabaseTarget(connectionString, config.Database.Schema, description), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Describe(e, description) is { } message)
        {
            await error.WriteLineAsync("mik: " + message);
            return ExitCodes.Failure;
        }
        finally
        {
            if (embedded is { WasAlreadyRunning: false }) await embedded.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>One line for the failures an operator can act on; null lets anything else surface as the bug it is.</summary>
    private static string? Describe(Exception e, string database)
    {
        switch (e)
        {
            case MigrationException or StateDirException:
                return e.Message;
            case EmbeddedPostgresException or IOException or UnauthorizedAccessException:
                return "cannot start the embedded PostgreSQL: " + e.Message;
        }
        // Marten and Weasel wrap driver errors; what the operator needs is the driver's own reason.
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case PostgresException pg:
                    return $"PostgreSQL at {database} refused: {pg.SqlState}: {pg.MessageText}";
                case NpgsqlException npgsql:
                    return $"cannot reach PostgreSQL at {database}: {Innermost(npgsql).Message}";
            }
        }
        return null;
    }

    // Npgsql names the offending keyword, never the value, so the message cannot leak a password.
    private static bool TryConnectionString(string url, out string connectionString, out string problem)
    {
        try
        {
            connectionString = DatabaseUrl.ToConnectionString(url);
            problem = "";
            return true;
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException or FormatException)
        {
            connectionString = "";
            problem = e.Message;
            return false;
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
