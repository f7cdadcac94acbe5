using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Mik.Durable.Api.ModuleChanges;

/// <summary><c>&lt;state_dir&gt;/modules-pending.json</c>: the folder changes not yet in the event store.</summary>
internal sealed partial class PendingFolderChangesFile(string path, ILogger logger)
{
    private bool _saveFailed;

    public static string PathIn(string stateDir) => Path.Combine(stateDir, "modules-pending.json");

    public IReadOnlyList<FolderChange> Load()
    {
        try
        {
            if (!File.Exists(path)) return [];
            return JsonSerializer.Deserialize<List<FolderChange>>(File.ReadAllBytes(path)) ?? [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // What is lost is only changes not yet in the store; the files themselves are still served here.
            Unreadable(logger, path, e.Message);
            return [];
        }
    }

    public void Save(IEnumerable<FolderChange> changes)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp";
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, changes.OrderBy(c => c.Module, StringComparer.Ordinal).ToList());
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            _saveFailed = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Kept in memory either way; only a restart before the commit would lose the change.
            if (!_saveFailed) SaveFailed(logger, path, e.Message);
            _saveFailed = true;
        }
    }

    [LoggerMessage(EventId = 2026, Level = LogLevel.Warning, Message = "pending_module_changes_unreadable")]
    private static partial void Unreadable(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 2027, Level = LogLevel.Warning, Message = "pending_module_changes_write_failed")]
    private static partial void SaveFailed(ILogger logger, string path, string error);
}
