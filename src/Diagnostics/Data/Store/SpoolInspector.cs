using System.Globalization;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Data.Store;

/// <summary>
/// Looks at <c>&lt;state.dir&gt;/audit-spool</c> without opening it the writer's way: sizes from the directory, the
/// delivered offset from its <c>cursor</c> file (docs/operations.md, the audit spool).
/// </summary>
internal static class SpoolInspector
{
    public const string Folder = "audit-spool";

    public static SpoolReport Inspect(MikConfig config)
    {
        var path = Path.Combine(config.State.Dir, Folder);
        var max = config.State.AuditSpoolMaxMb * 1024L * 1024;
        if (!Directory.Exists(path)) return new SpoolReport(path, 0, 0, 0, max);
        var files = new DirectoryInfo(path).EnumerateFiles().Where(f => f.LinkTarget is null).ToList();
        var events = files.FirstOrDefault(f => f.Name == "events.jsonl");
        long cursor = 0;
        var cursorFile = files.FirstOrDefault(f => f.Name == "cursor");
        // The cursor is a few ASCII digits; a bigger file is not the writer's and is not read.
        if (cursorFile is { Length: < 64 } && long.TryParse(File.ReadAllText(cursorFile.FullName).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var c))
            cursor = c;
        var length = events?.Length ?? 0;
        return new SpoolReport(path, files.Count, files.Sum(f => f.Length), Math.Max(0, length - Math.Clamp(cursor, 0, length)), max);
    }
}
