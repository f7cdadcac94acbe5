namespace Mik.Durable.Api.Cluster;

/// <summary>
/// Makes <c>[state] dir</c> ready before anything else touches it, and turns what stands in the way (a file where
/// the folder should be, no permission) into an error that names <c>state.dir</c>.
/// </summary>
internal static class StateDirectory
{
    // Folders mik creates for its state: only the owner lists or writes them; others may pass through, which
    // the embedded PostgreSQL (run as 'postgres' when mik is root) needs to reach <state_dir>/pg, itself 0700.
    // Folders that already exist are never changed.
    private const UnixFileMode CreatedMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <exception cref="StateDirException">The folder cannot be made or used.</exception>
    public static void Prepare(string stateDir)
    {
        try
        {
            if (File.Exists(stateDir)) throw new StateDirException(stateDir, "it is a file, not a folder");
            CreateMissing(Path.GetFullPath(stateDir));
            // The lock file comes next; checking here gives the one clear message for a folder mik may not write.
            var probe = Path.Combine(stateDir, $".mik-write-check-{Environment.ProcessId}");
            using (new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StateDirException(stateDir, "permission denied (" + e.Message + ")", e);
        }
        catch (IOException e) when (e is not StateDirException)
        {
            throw new StateDirException(stateDir, e.Message, e);
        }
    }

    private static void CreateMissing(string dir)
    {
        if (Directory.Exists(dir)) return;
        if (File.Exists(dir)) throw new IOException($"{dir} is a file, not a folder");
        if (Path.GetDirectoryName(dir) is { } parent) CreateMissing(parent);
        Directory.CreateDirectory(dir);
        // Explicitly, not through mkdir's mode, which the umask would trim.
        File.SetUnixFileMode(dir, CreatedMode);
    }
}
