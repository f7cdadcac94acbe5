using System.Globalization;
using System.Runtime.InteropServices;

namespace Mik.Durable.Runtime.CompileCache;

/// <summary>
/// The files mik writes beside a module or an artifact before renaming them into place:
/// <c>&lt;file&gt;.&lt;pid&gt;-&lt;start&gt;-&lt;host&gt;.&lt;guid&gt;.tmp</c>, named after the process that writes them (its
/// pid, its start time since boot, the machine). A <c>kill -9</c> between the write and the rename leaves one
/// behind; <see cref="Sweep"/> removes those whose writer is gone, and never another running mik's.
/// </summary>
internal static partial class TemporaryFiles
{
    private const int ESRCH = 3;
    private static readonly string Writer = $"{Environment.ProcessId}-{StartTime(Environment.ProcessId)}-{Host()}";

    /// <summary>A unique name beside <paramref name="path"/> that no module scan picks up (it does not end in <c>.wasm</c>).</summary>
    public static string Beside(string path) => $"{path}.{Writer}.{Guid.NewGuid():N}.tmp";

    /// <summary>Removes the leftovers of dead writers of this machine from <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Sweep(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var removed = new List<string>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.tmp"))
        {
            if (!IsLeftover(Path.GetFileName(path))) continue;
            try
            {
                File.Delete(path);
                removed.Add(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next start; it is never taken for a module.
            }
        }
        return removed;
    }

    /// <summary>Whether <paramref name="name"/> is one of these files, written on this machine by a process that no longer runs.</summary>
    internal static bool IsLeftover(string name)
    {
        var parts = name.Split('.');
        if (parts.Length < 4 || parts[^1] != "tmp" || parts[^2].Length != 32 || !parts[^2].All(char.IsAsciiHexDigitLower)) return false;
        var writer = parts[^3].Split('-', 3);
        if (writer.Length != 3 || writer[2] != Host() || !int.TryParse(writer[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return false;
        // The pid alone is not enough: in a container mik is pid 1 after every restart. Its start time tells them apart.
        if (kill(pid, 0) != 0 && Marshal.GetLastPInvokeError() == ESRCH) return true;
        return StartTime(pid) is { } started && started != writer[1];
    }

    /// <summary>Field 22 of <c>/proc/&lt;pid&gt;/stat</c>: clock ticks from boot to the process's start; null when unreadable.</summary>
    private static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields[19] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Dots would break the name's fields; a host name has no other character that matters here.
    private static string Host() => Environment.MachineName.Replace('.', '_');

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
