using System.Globalization;
using System.Text;

namespace Mik.Durable.Diagnostics.Host.Proc;

/// <summary>
/// Reads one process's facts from <c>/proc/&lt;pid&gt;</c>: <c>cmdline</c>, <c>comm</c>, <c>stat</c> (start time),
/// <c>status</c> (threads, RSS) and the count of <c>fd</c>. It never opens <c>environ</c>: mik's holds MIK_API_KEY.
/// </summary>
internal static class ProcProcess
{
    // USER_HZ: the unit of /proc/<pid>/stat's start time; 100 on every Linux mik runs on.
    private const double ClockTicksPerSecond = 100;

    public static ProcessFacts? Read(int pid, string procRoot = "/proc")
    {
        var dir = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        if (!Directory.Exists(dir)) return null;
        var name = Try(() => File.ReadAllText(Path.Combine(dir, "comm")).Trim()) ?? "";
        var commandLine = Try(() => CommandLine(File.ReadAllBytes(Path.Combine(dir, "cmdline")))) ?? "";
        var status = Try(() => File.ReadAllText(Path.Combine(dir, "status")));
        var startTicks = Try(() => StartTicks(File.ReadAllText(Path.Combine(dir, "stat"))));
        var bootTime = Try(() => BootTime(File.ReadAllText(Path.Combine(procRoot, "stat"))));
        DateTimeOffset? started = startTicks is { } ticks && bootTime is { } boot
            ? boot.AddSeconds(ticks / ClockTicksPerSecond)
            : null;
        var openFiles = Try(() => (int?)Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")).Count());
        return new ProcessFacts(pid, name, commandLine, started,
            status is null ? null : (int?)StatusValue(status, "Threads:"),
            status is null ? null : StatusValue(status, "VmRSS:") * 1024, openFiles);
    }

    /// <summary>argv joined by spaces (the file holds it NUL-separated).</summary>
    public static string CommandLine(byte[] cmdline) =>
        string.Join(' ', Encoding.UTF8.GetString(cmdline).Split('\0', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Field 22 of <c>stat</c>, counted after the command name, which may itself hold spaces and parentheses.</summary>
    public static long? StartTicks(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0) return null;
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state), so field 22 is fields[19].
        return fields.Length > 19 && long.TryParse(fields[19], CultureInfo.InvariantCulture, out var ticks) ? ticks : null;
    }

    public static DateTimeOffset? BootTime(string procStat)
    {
        var line = procStat.Split('\n').FirstOrDefault(l => l.StartsWith("btime ", StringComparison.Ordinal));
        return line is not null && long.TryParse(line[6..].Trim(), CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    /// <summary>The number after <paramref name="key"/> in <c>status</c> (<c>Threads: 23</c>, <c>VmRSS: 51200 kB</c>).</summary>
    public static long? StatusValue(string status, string key)
    {
        var line = status.Split('\n').FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        if (line is null) return null;
        var number = line[key.Length..].Trim().Split(' ')[0];
        return long.TryParse(number, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>The fd link targets of a process (<c>socket:[123]</c>, <c>/var/lib/mik/mik.lock</c>); null when not ours to read.</summary>
    public static IReadOnlyList<string>? FileDescriptors(int pid, string procRoot = "/proc")
    {
        try
        {
            var targets = new List<string>();
            foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "fd")))
                if (Try(() => new FileInfo(fd).LinkTarget) is { } target) targets.Add(target);
            return targets;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return null;
        }
    }

    private static T? Try<T>(Func<T?> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            // The process may end while we read it, or not be ours to read.
            return default;
        }
    }
}
