using System.Globalization;
using System.Text;

namespace Mik.Durable.Api.Cluster;

/// <summary>
/// Exclusive hold on a state dir for the life of one <c>mik serve</c>: an advisory lock (flock) on
/// <c>&lt;state_dir&gt;/mik.lock</c>, released by the kernel however the process ends, so a killed mik never
/// leaves a stale lock behind. Two processes sharing a state dir would share an instance id, a spool and an
/// embedded cluster, and each would stop the cluster under the other.
/// </summary>
internal sealed class StateDirLock : IDisposable
{
    public const string FileName = "mik.lock";

    private readonly FileStream _file;

    private StateDirLock(FileStream file, string path)
    {
        _file = file;
        Path = path;
    }

    public string Path { get; }

    /// <exception cref="StateDirLockedException">Another process holds the lock.</exception>
    /// <exception cref="StateDirException">The state dir cannot be made or used.</exception>
    public static StateDirLock Acquire(string stateDir)
    {
        StateDirectory.Prepare(stateDir);
        var path = System.IO.Path.Combine(stateDir, FileName);
        FileStream file;
        try
        {
            // FileShare.None is an exclusive flock on Unix; the descriptor is close-on-exec, so child processes
            // (the embedded PostgreSQL) never inherit the lock.
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new StateDirLockedException(stateDir, path, e);
        }
        // The pid is for the operator (`cat mik.lock`); the lock itself is what guards the dir.
        file.SetLength(0);
        file.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
        file.Flush();
        return new StateDirLock(file, path);
    }

    public void Dispose() => _file.Dispose();
}
