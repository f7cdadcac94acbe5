using System.CommandLine;
using Mik.Durable.Api.Cluster;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.EventStore.Embedded;
using Mik.Durable.Api.Hosting;
using Mik.Durable.Api.Logging;
using Mik.Durable.Runtime.Configuration;
using Serilog.Extensions.Logging;

namespace Mik.Durable.Api.Cli;

/// <summary>
/// <c>mik serve [--config FILE]</c>: starts the embedded PostgreSQL when no database URL is set, runs both
/// listeners until SIGTERM/SIGINT, drains, then stops the cluster.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var configOption = ConfigOption.Create();
        var command = new Command("serve", "Serve WebAssembly handlers on [server] and the admin API on [admin]")
        {
            configOption,
        };
        // Host settings (--environment=…) may follow, e.g. from WebApplicationFactory.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(configOption), [.. result.UnmatchedTokens], cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? configPath, string[] hostArgs, CancellationToken cancellationToken)
    {
        LoadedConfig loaded;
        try
        {
            loaded = ConfigLoader.Load(configPath, Environment.GetEnvironmentVariable);
        }
        catch (Exception e) when (ConfigError.Is(e))
        {
            return await ConfigError.WriteAsync(Console.Error, e);
        }

        var config = loaded.Config;
        await using var logger = LoggingSetup.CreateLogger(config.Logging, SecretMask.For(config));
        using var loggers = new SerilogLoggerFactory(logger);
        ConfigReport.LogLoaded(loggers, loaded);
        EmbeddedPostgres? embedded = null;
        StateDirLock? stateLock = null;
        try
        {
            // Only looks, so a refusal leaves the state dir as it was.
            ModulesFolderPreflight.Check(config.Server.Modules);
            // Before anything touches the state dir: a second mik must not reuse (and then stop) the first one's cluster.
            // Its refusal names the other process, which says more than the port in use that would follow.
            stateLock = StateDirLock.Acquire(config.State.Dir);
            StateDirLeftovers.Remove(config.State.Dir, loggers);
            ListenerPreflight.Check(config);
            var database = DatabaseChoice.For(config, loggers);
            embedded = database.Embedded;
            var eventStore = embedded is null
                ? new EventStoreConnection(DatabaseUrl.ToConnectionString(database.Url!), IsEmbedded: false)
                : new EventStoreConnection(await embedded.StartAsync(cancellationToken, supervise: true), IsEmbedded: true);
            await using var app = MikApplication.Build(loaded, eventStore, logger, hostArgs);
            await app.RunAsync();
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is EmbeddedPostgresException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync("mik: cannot start: " + e.Message);
            return ExitCodes.Failure;
        }
        finally
        {
            if (embedded is not null) await embedded.StopAsync(CancellationToken.None);
            stateLock?.Dispose();
        }
    }
}
