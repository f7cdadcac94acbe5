namespace Mik.Durable.Api.Cli.DiagCommands;

/// <summary><c>--output</c> of <c>mik diag bundle</c>: an existing folder this process can write (checked before collecting anything).</summary>
internal static class DiagOutputFolder
{
    /// <exception cref="CliException">The folder does not exist or cannot be written (exit 2).</exception>
    public static string Resolve(string? output, bool probeWrite)
    {
        var folder = Path.GetFullPath(output ?? ".");
        if (!Directory.Exists(folder)) throw new CliException($"--output {folder}: no such folder", ExitCodes.Usage);
        if (!probeWrite) return folder;
        // Asking the file system is the only answer that holds (ACLs, read-only mounts, root); the probe is removed at once.
        var probe = Path.Combine(folder, $".mik-diag-probe-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--output {folder}: cannot write there ({e.Message})", ExitCodes.Usage);
        }
        return folder;
    }
}
