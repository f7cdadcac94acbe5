using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Api.Admin.Cache;
using Mik.Durable.Api.Cli.Client;
using Mik.Durable.Api.Cluster;
using Mik.Durable.Domain.Caching;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cli.CacheCommands;

/// <summary>
/// The AOT cache of a stopped mik: its modules folder and <c>aot.key</c>, held under the state dir lock for the
/// whole command so that no <c>mik serve</c> starts on it meanwhile.
/// </summary>
internal sealed class OfflineCache : IDisposable
{
    private readonly StateDirLock _lock;

    private OfflineCache(MikConfig config, StateDirLock stateLock)
    {
        Config = config;
        _lock = stateLock;
        Key = new AotKey(config.State.Dir, NullLogger.Instance);
    }

    public MikConfig Config { get; }
    public AotKey Key { get; }
    public string ModulesDir => Path.GetFullPath(Config.Server.Modules);

    /// <summary>Who cleaned: the account and machine the command ran on (there is no API caller).</summary>
    public static string Actor => $"cli@{Environment.UserName}@{Environment.MachineName}";

    /// <exception cref="CliException">A <c>mik serve</c> holds the state dir although its admin API refused.</exception>
    public static OfflineCache Open(string? configPath, string adminAddress)
    {
        // The key is the server's business; the files are what this command needs (as in AdminEndpoint).
        var config = ConfigLoader.Load(configPath, name => name == AdminClient.KeyVariable ? "(unused)" : Environment.GetEnvironmentVariable(name)).Config;
        try
        {
            return new OfflineCache(config, StateDirLock.Acquire(config.State.Dir));
        }
        catch (StateDirLockedException)
        {
            throw new CliException($"a mik holds state dir {config.State.Dir} but its admin API does not answer on {adminAddress}: " +
                "wait for it to start, or stop it and run this again");
        }
        catch (StateDirException e)
        {
            throw new CliException(e.Message);
        }
    }

    public IReadOnlyList<AotFile> List() => AotCacheFolder.List(Config.Server.Modules, Key);

    /// <summary>
    /// Records <c>CacheCleared</c> first (event store, else spool), then deletes, as the admin API does: nothing
    /// disappears without a trace, and when it cannot be recorded nothing is deleted.
    /// </summary>
    public async Task<(CacheCleanupResult Result, string RecordedIn)> CleanupAsync(bool all, CancellationToken cancellationToken)
    {
        var scope = all ? ClearCacheHandler.Scope : CleanCacheHandler.Scope;
        var doomed = List().Where(f => all || f.IsStale).ToList();
        var cleared = new CacheCleared(CacheCleanup.AllModules, TimeProvider.System.GetUtcNow(), scope, doomed.Count, doomed.Sum(f => f.Bytes), Actor);
        var recordedIn = await OfflineAuditRecorder.RecordAsync(Config, cleared, cancellationToken);
        var removed = AotCacheFolder.Delete(doomed);
        return (CacheCleanup.Result(scope, removed, reloaded: 0), recordedIn);
    }

    public void Dispose() => _lock.Dispose();
}
