using System.Diagnostics;
using System.Text;
using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics.Data.Logs;

/// <summary>
/// <c>logs</c>: the newest <see cref="CollectContext.LogLines"/> lines of [Since, Until] from the journal of unit
/// <c>mik</c> (<c>logs/journal.jsonl</c>) and from <c>logging.file</c> and its daily rolls (<c>logs/&lt;file&gt;</c>),
/// each file capped at <see cref="MaxBytes"/> keeping its end. Skipped when mik logs to stdout only and has no journal.
/// </summary>
internal sealed class LogsCollector : ICollector
{
    public const int MaxBytes = 1024 * 1024;

    public string Name => "logs";

    public TimeSpan Timeout => TimeSpan.FromSeconds(20);

    public async Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken)
    {
        var journal = await JournalAsync(context, cancellationToken);
        if (journal.Lines.Count > 0) output.AddText(DataFiles.Journal, Capped(journal.Lines));
        var logFile = context.Config.Config.Logging.File;
        var fromFiles = logFile.Length > 0 ? FromFiles(logFile, context) : [];
        foreach (var (file, lines) in fromFiles) output.AddText(DataFiles.LogsFolder + file, Capped(lines));
        if (journal.Lines.Count == 0 && fromFiles.Count == 0)
        {
            var file = logFile.Length > 0 ? $"{logFile} has no lines in the window" : "logging.file is not set (mik logs to stdout only)";
            throw new CollectorSkippedException($"{file}, and {journal.Why}");
        }
    }

    /// <summary>Newest lines of the window from the rolled files, newest file first, by file name; each file's lines oldest first.</summary>
    private static List<(string File, List<string> Lines)> FromFiles(string logFile, CollectContext context)
    {
        var result = new List<(string, List<string>)>();
        var left = context.LogLines;
        foreach (var path in RolledLogFiles.Of(logFile))
        {
            if (left <= 0) break;
            var lines = new List<string>();
            var older = false;
            LogTail.Backwards(path, text =>
            {
                if (LogLine.Parse(text) is not { } line) return true;
                if (line.Timestamp > context.Until) return true;
                if (line.Timestamp < context.Since)
                {
                    older = true;
                    return false;
                }
                lines.Add(line.Json);
                return --left > 0;
            });
            lines.Reverse();
            if (lines.Count > 0) result.Add((Path.GetFileName(path), lines));
            if (older) break;
        }
        return result;
    }

    private static async Task<(List<string> Lines, string Why)> JournalAsync(CollectContext context, CancellationToken cancellationToken)
    {
        var journalctl = new[] { "/usr/bin/journalctl", "/bin/journalctl" }.FirstOrDefault(File.Exists);
        if (journalctl is null) return ([], "there is no journal (no journalctl)");
        var info = new ProcessStartInfo(journalctl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-u", "mik", "-o", "cat", "--no-pager", "-q", "--since", "@" + context.Since.ToUnixTimeSeconds(),
                     "--until", "@" + (context.Until.ToUnixTimeSeconds() + 1), "-n", context.LogLines.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(arg);
        ProgramEnvironment.Apply(info);
        using var process = Process.Start(info)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            _ = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var lines = (await stdout).Split('\n').Select(LogLine.Parse).OfType<LogLine>().Select(l => l.Json).ToList();
            return lines.Count > 0 ? (lines, "") : ([], "the journal has no lines of unit mik in the window");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The lines as one file of at most <see cref="MaxBytes"/>, the oldest dropped first.</summary>
    private static string Capped(List<string> lines)
    {
        var kept = new List<string>();
        long bytes = 0;
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            var size = Encoding.UTF8.GetByteCount(lines[i]) + 1;
            if (bytes + size > MaxBytes) break;
            bytes += size;
            kept.Add(lines[i]);
        }
        kept.Reverse();
        return string.Concat(kept.Select(l => l + "\n"));
    }
}
