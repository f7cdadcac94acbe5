using System.Text.RegularExpressions;

namespace Mik.Durable.Diagnostics.Data.Logs;

/// <summary>
/// The files <c>logging.file</c> stands for: Serilog rolls it daily as <c>&lt;stem&gt;yyyyMMdd&lt;ext&gt;</c>
/// (<c>mik.log</c> → <c>mik20261202.log</c>), with <c>_001</c>, <c>_002</c>… when a day's file was taken. Newest first.
/// </summary>
internal static class RolledLogFiles
{
    public static IReadOnlyList<string> Of(string logFile)
    {
        var folder = Path.GetDirectoryName(logFile);
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder)) return [];
        var stem = Path.GetFileNameWithoutExtension(logFile);
        var extension = Path.GetExtension(logFile);
        var pattern = new Regex("^" + Regex.Escape(stem) + @"(?<day>\d{8})(?:_(?<seq>\d{3,}))?" + Regex.Escape(extension) + "$", RegexOptions.CultureInvariant);
        return [.. Directory.EnumerateFiles(folder)
            .Select(path => (path, match: pattern.Match(Path.GetFileName(path))))
            .Where(f => f.match.Success)
            .OrderByDescending(f => f.match.Groups["day"].Value, StringComparer.Ordinal)
            .ThenByDescending(f => f.match.Groups["seq"].Success ? int.Parse(f.match.Groups["seq"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0)
            .Select(f => f.path)];
    }
}
