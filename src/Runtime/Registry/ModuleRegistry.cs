using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Caching;
using Mik.Durable.Runtime.CompileCache;

namespace Mik.Durable.Runtime.Registry;

/// <summary>
/// The modules folder as served: which version of each module is current (swapped atomically, so a request
/// sees the old or the new version, never a half-written file) and the memory tier of compiled modules.
/// Deployments and removals go to the audit trail through the <see cref="DeploymentLedger"/>, evictions from the
/// memory tier as <c>CacheEvicted</c>.
/// </summary>
internal sealed partial class ModuleRegistry : IDisposable
{
    private readonly string _directory;
    private readonly ModuleLoader _loader;
    private readonly DeploymentLedger _ledger;
    private readonly ILogger _logger;
    private readonly LeasedLru<LoadedModule> _memory;
    private readonly ConcurrentDictionary<string, Lazy<LoadedModule?>> _loading = new(StringComparer.Ordinal);
    private static readonly TimeSpan BrokenGrace = TimeSpan.FromSeconds(2);
    private readonly Lock _scanLock = new();
    private readonly Dictionary<string, (long Size, DateTime Written)> _settling = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private bool _reconciled;
    private FrozenDictionary<string, ModuleVersion> _versions = FrozenDictionary<string, ModuleVersion>.Empty;

    public ModuleRegistry(string directory, int cacheEntries, long cacheBytes, ModuleLoader loader, DeploymentLedger ledger,
        CacheStatistics stats, IAuditTrail audit, TimeProvider time, ILogger logger)
    {
        _directory = directory;
        Folder = new ModulesFolder(directory, logger);
        _loader = loader;
        _ledger = ledger;
        _logger = logger;
        _time = time;
        Statistics = stats;
        _memory = new LeasedLru<LoadedModule>(cacheEntries, cacheBytes, (name, bytes, reason) =>
        {
            if (reason == EvictionReasons.Capacity) CacheMetrics.Evictions.Inc();
            Evicted(logger, name, bytes, reason);
            audit.Record(new CacheEvicted(name, time.GetUtcNow(), bytes, reason));
        });
    }

    public CacheStatistics Statistics { get; }

    /// <summary>Whether the modules folder was there at the last scan.</summary>
    public ModulesFolder Folder { get; }
    public IReadOnlyDictionary<string, ModuleVersion> Versions => _versions;
    public int CachedEntries => _memory.Count;
    public long CachedBytes => _memory.Bytes;
    public long CacheCapacityBytes => _memory.MaxBytes;

    /// <summary>The compiled module to serve <paramref name="name"/> with, loading it if the memory tier lacks it.</summary>
    public ModuleAcquisition Acquire(string name)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (!ModuleName.IsValid(name) || !_versions.TryGetValue(name, out var version)) return ModuleAcquisition.NotFound;
            if (version.Problem is not null) return ModuleAcquisition.Broken(version.Problem);
            var lease = _memory.TryAcquire(name);
            if (lease is not null && lease.Value.Sha256 == version.Sha256 && !lease.Value.IsDisposed)
            {
                Statistics.MemoryHit();
                return ModuleAcquisition.Found(lease, CacheTier.Memory);
            }
            lease?.Dispose();
            if (Folder.IsMissing) return ModuleAcquisition.Broken($"{ModuleProblems.FolderMissing}: {_directory}");

            var key = $"{name}@{version.Sha256}";
            var loading = _loading.GetOrAdd(key, _ => new Lazy<LoadedModule?>(() => LoadInto(version)));
            LoadedModule? loaded;
            try
            {
                loaded = loading.Value;
            }
            finally
            {
                _loading.TryRemove(new KeyValuePair<string, Lazy<LoadedModule?>>(key, loading));
            }
            if (loaded is null) continue;
            lease = _memory.TryAcquire(name);
            if (lease is not null && ReferenceEquals(lease.Value, loaded)) return ModuleAcquisition.Found(lease, loaded.Tier);
            // Evicted, or replaced by a newer version, in between: look again.
            lease?.Dispose();
        }
        return ModuleAcquisition.Reloading;
    }

    private LoadedModule? LoadInto(ModuleVersion version)
    {
        // With the folder gone there is nothing to load from; the file is not broken, so nothing is remembered.
        if (Folder.IsMissing) return null;
        var loaded = _loader.Load(version, out var problem);
        if (loaded is null && problem is not null)
        {
            InstantiateFailedLog.OnLoad(_logger, version.Name, problem);
            lock (_scanLock)
            {
                if (_versions.TryGetValue(version.Name, out var now) && now.Sha256 == version.Sha256)
                {
                    var versions = _versions.ToDictionary(StringComparer.Ordinal);
                    // A file that could not be read is looked at again by the next scans, not broken for good.
                    versions[version.Name] = ModuleProblems.IsTransient(problem)
                        ? now with { Problem = problem, LastWriteUtc = DateTime.MinValue }
                        : now with { Problem = problem };
                    _versions = versions.ToFrozenDictionary(StringComparer.Ordinal);
                }
            }
        }
        if (loaded is null) return null;
        // A request that looked up the registry just before a newer version was published must not put the
        // older one back in the memory tier: it retries with the current version instead.
        if (!_versions.TryGetValue(version.Name, out var current) || current.Sha256 != version.Sha256)
        {
            loaded.Dispose();
            return null;
        }
        _memory.Add(version.Name, loaded, loaded.Bytes).Dispose();
        return loaded;
    }

    public void Dispose()
    {
        foreach (var name in _versions.Keys) _memory.Remove(name, reason: null);
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "module_removed")]
    private static partial void Removed(ILogger logger, string module);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "module_changed")]
    private static partial void Changed(ILogger logger, string module, string oldSha256, string newSha256);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "module_unreadable")]
    private static partial void Unreadable(ILogger logger, string module, string error);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Debug, Message = "cache_evicted")]
    private static partial void Evicted(ILogger logger, string module, long bytes, string reason);
}
