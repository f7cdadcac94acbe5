using System.Globalization;

namespace Mik.Durable.Diagnostics.Host.Proc;

/// <summary>Which process holds each socket inode: the <c>socket:[inode]</c> links of every <c>/proc/&lt;pid&gt;/fd</c> we may read.</summary>
internal static class SocketOwners
{
    /// <param name="first">A pid to look at before the others (mik's), so the usual case reads one process.</param>
    /// <param name="budget">
    /// How long the walk may take: on a machine with very many processes the owners not found by then stay unknown,
    /// rather than the collector overrunning its timeout and losing every other fact of service.json.
    /// </param>
    public static IReadOnlyDictionary<long, int> Find(IReadOnlyCollection<long> inodes, int? first, TimeProvider time, TimeSpan budget, string procRoot = "/proc")
    {
        var started = time.GetTimestamp();
        var owners = new Dictionary<long, int>();
        if (inodes.Count == 0) return owners;
        var wanted = inodes.Where(i => i != 0).Select(Link).ToHashSet(StringComparer.Ordinal);
        IEnumerable<int> Pids()
        {
            if (first is { } pid) yield return pid;
            foreach (var dir in Directory.EnumerateDirectories(procRoot))
                if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var other) && other != first)
                    yield return other;
        }
        foreach (var pid in Pids())
        {
            foreach (var target in ProcProcess.FileDescriptors(pid, procRoot) ?? [])
            {
                if (!wanted.Contains(target)) continue;
                owners.TryAdd(long.Parse(target[8..^1], CultureInfo.InvariantCulture), pid);
            }
            if (owners.Count == wanted.Count || time.GetElapsedTime(started) > budget) break;
        }
        return owners;
    }

    public static string Link(long inode) => "socket:[" + inode.ToString(CultureInfo.InvariantCulture) + "]";
}
