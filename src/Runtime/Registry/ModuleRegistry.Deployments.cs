using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Mik.Durable.Runtime.CompileCache;

namespace Mik.Durable.Runtime.Registry;

/// <summary>Deployments and removals made through the admin API rather than by a file appearing in the folder.</summary>
internal sealed partial class ModuleRegistry
{
    /// <summary>
    /// Puts a staged upload in place and serves it at once, without waiting for the watcher's settle time. Done
    /// under the scan lock, so the watcher never sees the new file as a deployment of its own; the caller has already
    /// recorded it (<c>source: api</c>).
    /// </summary>
    public ModuleVersion Install(StagedModule staged)
    {
        lock (_scanLock)
        {
            staged.MoveIntoPlace();
            var written = File.GetLastWriteTimeUtc(staged.WasmPath);
            var version = new ModuleVersion(staged.Name, staged.WasmPath, staged.Sha256, staged.Size, written, null)
            {
                IsComponent = staged.Loaded.Component is not null,
            };
            _memory.Add(staged.Name, staged.Loaded, staged.Loaded.Bytes).Dispose();
            var current = _versions.ToDictionary(StringComparer.Ordinal);
            current.TryGetValue(staged.Name, out var known);
            current[staged.Name] = version;
            _versions = current.ToFrozenDictionary(StringComparer.Ordinal);
            _settling.Remove(staged.Name);
            _ledger.Adopted(staged.Name, staged.Sha256);
            if (known is not null) Changed(_logger, staged.Name, known.Sha256, version.Sha256);
            _loader.Installed(staged, version);
            return version;
        }
    }

    /// <summary>
    /// Deletes a module's file and artifact and stops serving it (requests already running finish). The caller has
    /// already recorded the removal. Throws <see cref="IOException"/> when the file cannot be deleted; the module is
    /// then still served.
    /// </summary>
    public void Uninstall(string name)
    {
        lock (_scanLock)
        {
            var path = Path.Combine(_directory, name + ".wasm");
            File.Delete(path);
            try
            {
                File.Delete(AotCache.PathFor(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A left-over artifact is never trusted for other bytes; `cache clean` removes it.
            }
            var current = _versions.ToDictionary(StringComparer.Ordinal);
            current.Remove(name);
            _versions = current.ToFrozenDictionary(StringComparer.Ordinal);
            _memory.Remove(name);
            _settling.Remove(name);
            _ledger.Forgotten(name);
            Removed(_logger, name);
        }
    }

    /// <summary>Whether the memory tier holds a compiled copy of the module right now.</summary>
    public bool IsInMemory(string name) => _memory.Contains(name);

    /// <summary>
    /// Empties the memory tier (<c>cache clear</c>), then loads every servable module again, compiling it (and writing a
    /// fresh artifact) when its artifact is gone, so no request pays for it. Returns how many modules were loaded.
    /// </summary>
    public int Reload()
    {
        foreach (var name in _versions.Keys) _memory.Remove(name, EvictionReasons.Cleared);
        var loaded = 0;
        foreach (var version in _versions.Values.Where(v => v.Problem is null))
        {
            var acquired = Acquire(version.Name);
            if (acquired.Lease is null) continue;
            acquired.Lease.Dispose();
            loaded++;
        }
        return loaded;
    }
}
