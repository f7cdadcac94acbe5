using System.Globalization;

namespace Mik.Durable.Diagnostics.Host.Proc;

/// <summary>
/// The pids holding a write flock, from <c>/proc/locks</c>
/// (<c>1: FLOCK  ADVISORY  WRITE 4242 00:2d:1234 0 EOF</c>). mik serve holds one on <c>&lt;state.dir&gt;/mik.lock</c>.
/// </summary>
internal static class ProcLocks
{
    public static IReadOnlyList<int> Read(string procRoot = "/proc")
    {
        var path = Path.Combine(procRoot, "locks");
        return File.Exists(path) ? FlockWriters(File.ReadAllText(path)) : [];
    }

    public static IReadOnlyList<int> FlockWriters(string text)
    {
        var pids = new List<int>();
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // A lock someone waits for is listed as "-> FLOCK ...": the holder is the line without the arrow.
            if (fields.Length < 5 || fields[1] != "FLOCK" || fields[3] != "WRITE") continue;
            if (int.TryParse(fields[4], CultureInfo.InvariantCulture, out var pid) && !pids.Contains(pid)) pids.Add(pid);
        }
        return pids;
    }
}
