using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Logging;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Hosting;

/// <summary>Says at start-up which file was used and which keys in it were ignored.</summary>
internal static partial class ConfigReport
{
    public static void LogLoaded(ILoggerFactory loggers, LoadedConfig loaded)
    {
        var log = loggers.CreateLogger(LogTargets.Config);
        var config = loaded.Config;
        var database = DatabaseChoice.UsesConfiguredServer(config)
            ? DatabaseUrl.Describe(DatabaseUrl.ToConnectionString(config.Database.Url))
            : "embedded:" + Path.Combine(config.State.Dir, "pg");
        Loaded(log, loaded.SourcePath ?? "(defaults)", config.Server.Modules, config.State.Dir, database);
        foreach (var key in loaded.UnknownKeys) UnknownKey(log, key, loaded.SourcePath ?? "");
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "config_loaded")]
    private static partial void Loaded(ILogger logger, string configFile, string modulesDir, string stateDir, string database);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "unknown config key {key} in {configFile} (ignored)")]
    private static partial void UnknownKey(ILogger logger, string key, string configFile);
}
