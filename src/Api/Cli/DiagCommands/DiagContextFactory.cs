using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Api.Cli.Client;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.EventStore.Embedded;
using Mik.Durable.Api.EventStore.Migrations;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cli.DiagCommands;

/// <summary>
/// The <see cref="CollectContext"/> of <c>mik doctor</c> and <c>mik diag</c>: the config found as <c>serve</c> finds it,
/// the listeners as a local client reaches them, <c>MIK_API_KEY</c>, and the event store only when it can be reached
/// without starting anything (docs/diagnostics.md).
/// </summary>
internal static class DiagContextFactory
{
    public static CollectContext Create(LoadedConfig loaded, IReadOnlyList<ConfigProblem> problems, DateTimeOffset since, DateTimeOffset until, int logLines)
    {
        var config = loaded.Config;
        return new CollectContext
        {
            Config = loaded,
            ConfigProblems = problems,
            RuntimeUrl = new Uri($"http://{AdminEndpoint.Connectable(config.Server.Host)}:{config.Server.Port}/"),
            AdminUrl = new Uri($"http://{AdminEndpoint.Connectable(config.Admin.Host)}:{config.Admin.Port}/"),
            ApiKey = Environment.GetEnvironmentVariable(AdminClient.KeyVariable) ?? "",
            Since = since,
            Until = until,
            LogLines = logLines,
            EventStoreConnection = ct => ConnectionAsync(config, ct),
            ShippedMigrations = EmbeddedMigrations.All.ToDictionary(m => m.Name, m => m.Sha256, StringComparer.Ordinal),
            EventStoreUnavailableReason = DatabaseChoice.UsesConfiguredServer(config)
                ? "database.url is set but PostgreSQL could not be reached"
                : "the embedded PostgreSQL is not running (it runs while mik serve does)",
        };
    }

    private static async Task<string?> ConnectionAsync(MikConfig config, CancellationToken cancellationToken)
    {
        var database = DatabaseChoice.For(config, NullLoggerFactory.Instance);
        if (database.Embedded is not { } embedded) return DatabaseUrl.ToConnectionString(database.Url!);
        // Diagnostics change nothing: a stopped embedded cluster stays stopped, and its trail is reported as unavailable.
        if (!Directory.Exists(embedded.DataDirectory) || !embedded.IsPostmasterRunning()) return null;
        var connection = await embedded.StartAsync(cancellationToken);
        if (embedded.WasAlreadyRunning) return connection;
        await embedded.StopAsync(CancellationToken.None);
        return null;
    }
}
