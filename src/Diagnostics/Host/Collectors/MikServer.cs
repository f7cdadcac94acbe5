using Mik.Durable.Diagnostics.Host.Proc;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Host.Collectors;

/// <summary>
/// The mik serve of THIS config: the process holding the flock on <c>&lt;state.dir&gt;/mik.lock</c> (the lock serve
/// takes for its whole life, src/Api/Instances/StateDirLock.cs). Not <c>pgrep mik</c>: several mik processes may run on
/// one machine, each on its own state dir. The lock file is never opened here: .NET would take a shared flock on it,
/// and a mik serve starting at that moment would be refused.
/// </summary>
internal sealed record MikServer(int? Pid, string LockFile, string Reason)
{
    // The name mik serve gives its lock file (StateDirLock.FileName in the Api project, which this one cannot see).
    public const string LockFileName = "mik.lock";

    public bool Running => Pid is not null;

    public static MikServer Find(MikConfig config, string procRoot = "/proc")
    {
        var lockFile = Path.Combine(config.State.Dir, LockFileName);
        if (!File.Exists(lockFile))
            return new MikServer(null, lockFile, $"no {lockFile}: mik serve has not run with state.dir {config.State.Dir}");
        var unreadable = new List<int>();
        foreach (var pid in ProcLocks.Read(procRoot))
        {
            var files = ProcProcess.FileDescriptors(pid, procRoot);
            if (files is null)
            {
                unreadable.Add(pid);
                continue;
            }
            if (files.Contains(lockFile, StringComparer.Ordinal))
                return new MikServer(pid, lockFile, $"pid {pid} holds the lock on {lockFile}");
        }
        return unreadable.Count == 0
            ? new MikServer(null, lockFile, $"no process holds the lock on {lockFile}: no mik serve runs with this config")
            : new MikServer(null, lockFile,
                $"no process whose files this user can read holds the lock on {lockFile} (pids {string.Join(", ", unreadable)} hold locks " +
                "but are not ours to read): run mik doctor as root or as mik's user to tell");
    }
}
