using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Deployments;

namespace Mik.Durable.Runtime.Registry;

/// <summary>
/// Turns what the modules folder does into <c>ModuleDeployed</c> / <c>ModuleRemoved</c> events, remembering in
/// <c>&lt;state_dir&gt;/modules.json</c> (name → sha256) what this instance last recorded. A restart then records
/// only what changed while mik was down, instead of looking like a deployment of every module. In store mode the
/// changes go to <see cref="IFolderDeployments"/> (a deployment for the whole cluster) instead of the audit queue.
/// </summary>
internal sealed partial class DeploymentLedger
{
    public const string Actor = "filesystem";
    public const string FileRemoved = "file_removed";

    private readonly string _path;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _recorded;
    private readonly IFolderDeployments? _cluster;
    private bool _saveFailed;
    private bool _started;

    /// <param name="cluster">Set in store mode: where file changes go instead of the audit queue.</param>
    public DeploymentLedger(string path, IAuditTrail audit, TimeProvider time, ILogger logger, IFolderDeployments? cluster = null)
    {
        _cluster = cluster;
        _path = path;
        _audit = audit;
        _time = time;
        _logger = logger;
        _recorded = Load();
    }

    public static string PathIn(string stateDir) => System.IO.Path.Combine(stateDir, "modules.json");

    /// <summary>The sha256 last recorded per module (a copy).</summary>
    public IReadOnlyDictionary<string, string> Recorded
    {
        get { lock (_lock) return new Dictionary<string, string>(_recorded, StringComparer.Ordinal); }
    }

    /// <summary>
    /// <paramref name="version"/> is now what the registry serves. A version that can run is a deployment when its
    /// hash is not the one last recorded. One that cannot is no deployment, but it is remembered (for a module already
    /// recorded) so that the working version that follows it is recorded again.
    /// </summary>
    public void Current(ModuleVersion version, bool runs)
    {
        lock (_lock)
        {
            var known = _recorded.TryGetValue(version.Name, out var sha);
            if (known && sha == version.Sha256) return;
            if (_cluster is not null)
            {
                // A file that cannot run is no deployment, and what it replaced stays what the store is expected to hold.
                if (!runs) return;
                _cluster.Deployed(version, known ? sha : null, atStart: !_started);
                _recorded[version.Name] = version.Sha256;
                Save();
                return;
            }
            if (!runs && !known) return;
            _recorded[version.Name] = version.Sha256;
            if (runs)
            {
                _audit.Record(new ModuleDeployed(version.Name, _time.GetUtcNow(), version.Sha256, version.Size,
                    DeploySources.Filesystem, Actor));
            }
            Save();
        }
    }

    /// <summary>The module's file is gone: a removal, if the module was recorded.</summary>
    public void Gone(string name)
    {
        lock (_lock)
        {
            if (!_recorded.Remove(name, out var sha)) return;
            if (_cluster is not null) _cluster.Removed(name, sha, atStart: !_started);
            else _audit.Record(new ModuleRemoved(name, _time.GetUtcNow(), Actor, FileRemoved));
            Save();
        }
    }

    /// <summary>The admin API deployed <paramref name="sha256"/> and recorded it itself: remember it, record nothing.</summary>
    public void Adopted(string name, string sha256)
    {
        lock (_lock)
        {
            _cluster?.Replaced(name);
            if (_recorded.TryGetValue(name, out var known) && known == sha256) return;
            _recorded[name] = sha256;
            Save();
        }
    }

    /// <summary>The admin API removed the module and recorded it itself.</summary>
    public void Forgotten(string name)
    {
        lock (_lock)
        {
            _cluster?.Replaced(name);
            if (_recorded.Remove(name)) Save();
        }
    }

    /// <summary>After the start-up scan: every recorded module whose file is no longer there was removed while mik was down.</summary>
    public void KeepOnly(IReadOnlySet<string> present)
    {
        List<string> missing;
        lock (_lock) missing = [.. _recorded.Keys.Where(n => !present.Contains(n)).Order(StringComparer.Ordinal)];
        foreach (var name in missing) Gone(name);
        lock (_lock) _started = true;
    }

    private Dictionary<string, string> Load()
    {
        try
        {
            if (!File.Exists(_path)) return new(StringComparer.Ordinal);
            var read = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(_path));
            return new Dictionary<string, string>(read ?? [], StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // Starting over costs one ModuleDeployed per module; refusing to start would cost far more.
            Unreadable(_logger, _path, e.Message);
            return new(StringComparer.Ordinal);
        }
    }

    private void Save()
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
            var temp = _path + ".tmp";
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, new SortedDictionary<string, string>(_recorded, StringComparer.Ordinal));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, _path, overwrite: true);
            _saveFailed = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Kept in memory either way; what is lost is only the de-duplication across a restart.
            if (!_saveFailed) SaveFailed(_logger, _path, e.Message);
            _saveFailed = true;
        }
    }

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "deployment_ledger_unreadable")]
    private static partial void Unreadable(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Warning, Message = "deployment_ledger_write_failed")]
    private static partial void SaveFailed(ILogger logger, string path, string error);
}
