using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Files;

namespace Mik.Durable.Runtime.Registry;

/// <summary>Scanning the modules folder: what a file there becomes in the registry.</summary>
internal sealed partial class ModuleRegistry
{
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
        if (known is { Problem: null } && _time.GetUtcNow().UtcDateTime - version.LastWriteUtc < BrokenGrace) return true;
        current[version.Name] = version with { Problem = problem };
        InstantiateFailedLog.OnLoad(_logger, version.Name, problem);
        _ledger.Current(version, runs: false);
        return false;
    }

    [LoggerMessage(EventId = 2017, Level = LogLevel.Warning, Message = "module_not_a_file")]
    private static partial void NotAFile(ILogger logger, string module, string path, string kind);
}
