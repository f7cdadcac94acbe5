using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Mik.Durable.Domain.Audit;
using Mik.Durable.Domain.Caching;
using Mik.Durable.Runtime.Cache;
using Mik.Durable.Runtime.Files;

namespace Mik.Durable.Runtime.Modules;

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

    /// <summary>Brings the registry in line with the folder. At start-up every file is taken as it is; later a
    /// new or changed file is taken only once its size and time have stayed the same across two scans. A folder that
    /// is not there changes nothing (see <see cref="ModulesFolder"/>).</summary>
    /// <returns>True when a file is still settling (scan again shortly).</returns>
    public bool Scan(bool initial = false)
    {
        lock (_scanLock)
        {
            // An unmounted volume is no removal of every module: keep serving what is loaded, record nothing.
            if (!Folder.Check()) return false;
            var current = _versions.ToDictionary(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var settling = false;
            // Entries, not files: a directory named x.wasm is reported too, not silently passed over.
            foreach (var path in Directory.EnumerateFileSystemEntries(_directory, "*.wasm"))
            {
                var name = Path.GetFileNameWithoutExtension(path);
                if (!ModuleName.IsValid(name)) continue;
                seen.Add(name);
                FileFacts facts;
                try
                {
                    facts = UnixFile.Stat(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Reading it fails the same way, and says so.
                    settling |= Adopt(name, path, current);
                    continue;
                }
                if (facts.Kind == FileKind.Missing) continue;
                if (facts.Kind != FileKind.Regular)
                {
                    AdoptNotAFile(name, path, facts, current);
                    continue;
                }
                var stamp = (facts.Size, facts.LastWriteUtc);
                if (current.TryGetValue(name, out var known) && known.Size == stamp.Size && known.LastWriteUtc == stamp.LastWriteUtc)
                    continue;
                if (!initial && (!_settling.TryGetValue(name, out var previous) || previous != stamp))
                {
                    _settling[name] = stamp;
                    settling = true;
                    continue;
                }
                _settling.Remove(name);
                settling |= Adopt(name, path, current);
            }
            foreach (var gone in current.Keys.Where(n => !seen.Contains(n)).ToList())
            {
                current.Remove(gone);
                _memory.Remove(gone);
                _settling.Remove(gone);
                Removed(_logger, gone);
                _ledger.Gone(gone);
            }
            // What went while mik was down is known once the folder has been seen (it may be missing at start-up).
            if (!_reconciled) _ledger.KeepOnly(seen);
            _reconciled = true;
            _versions = current.ToFrozenDictionary(StringComparer.Ordinal);
            return settling;
        }
    }

    /// <summary>
    /// A FIFO, socket, device, directory or dangling symlink named like a module: never opened (opening a FIFO
    /// blocks), served as a module that cannot run, and reported once, not on every scan.
    /// </summary>
    private void AdoptNotAFile(string name, string path, FileFacts facts, Dictionary<string, ModuleVersion> current)
    {
        var problem = $"{ModuleProblems.NotAFile}: {name}.wasm is {facts.Kind.Describe()}; only regular files (or symlinks to one) are modules";
        if (current.TryGetValue(name, out var known) && known.Problem == problem && known.LastWriteUtc == facts.LastWriteUtc) return;
        _settling.Remove(name);
        current[name] = new ModuleVersion(name, path, "", 0, facts.LastWriteUtc, problem);
        NotAFile(_logger, name, path, facts.Kind.ToFieldValue());
    }

    /// <returns>True when the file must be looked at again shortly.</returns>
    private bool Adopt(string name, string path, Dictionary<string, ModuleVersion> current)
    {
        ModuleFile file;
        try
        {
            file = ModuleFile.Read(name, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            current[name] = new ModuleVersion(name, path, "", 0, DateTime.MinValue, $"{ModuleProblems.Unreadable}: {e.Message}");
            Unreadable(_logger, name, e.Message);
            return false;
        }
        if (current.TryGetValue(name, out var known) && known.Sha256 == file.Sha256 && !ModuleProblems.IsTransient(known.Problem))
        {
            current[name] = known with { LastWriteUtc = file.LastWriteUtc, Size = file.Size };
            return false;
        }
        var version = ModuleVersion.From(file);
        if (version.Problem is not null) return AdoptBroken(version, version.Problem, known, current);
        // Load before publishing, so requests keep the previous version until the new one is ready.
        var loaded = _loader.Load(version, out var problem);
        if (loaded is null)
        {
            // No problem means the file changed again while loading: keep the previous version, look again.
            return problem is null || AdoptBroken(version, problem, known, current);
        }
        _memory.Add(name, loaded, loaded.Bytes).Dispose();
        current[name] = version;
        // Publish at once: the memory tier already holds the new version.
        _versions = current.ToFrozenDictionary(StringComparer.Ordinal);
        if (known is not null) Changed(_logger, name, known.Sha256, version.Sha256);
        _ledger.Current(version, runs: loaded.Problem is null);
        return false;
    }

    /// <summary>
    /// A half-copied file looks broken too, and a writer may stall mid-copy longer than the settle time. So
    /// while a working version exists, a broken file replaces it only once it has not changed for
    /// <see cref="BrokenGrace"/>; until then the working version keeps serving.
    /// </summary>
    private bool AdoptBroken(ModuleVersion version, string problem, ModuleVersion? known, Dictionary<string, ModuleVersion> current)
    {
        if (known is { Problem: null } && DateTime.UtcNow - version.LastWriteUtc < BrokenGrace) return true;
        current[version.Name] = version with { Problem = problem };
        Broken(_logger, version.Name, problem);
        _ledger.Current(version, runs: false);
        return false;
    }

    private LoadedModule? LoadInto(ModuleVersion version)
    {
        // With the folder gone there is nothing to load from; the file is not broken, so nothing is remembered.
        if (Folder.IsMissing) return null;
        var loaded = _loader.Load(version, out var problem);
        if (loaded is null && problem is not null)
        {
            Broken(_logger, version.Name, problem);
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

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Failed to instantiate module {module}: {error}")]
    private static partial void Broken(ILogger logger, string module, string error);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "module_unreadable")]
    private static partial void Unreadable(ILogger logger, string module, string error);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Debug, Message = "cache_evicted")]
    private static partial void Evicted(ILogger logger, string module, long bytes, string reason);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Warning, Message = "module_not_a_file")]
    private static partial void NotAFile(ILogger logger, string module, string path, string kind);
}
