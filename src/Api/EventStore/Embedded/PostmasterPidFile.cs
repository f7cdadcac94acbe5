namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>
/// The <c>postmaster.pid</c> of a data folder: tells a cluster left running (mik was killed) from a stale file
/// whose process is gone or whose pid now belongs to another program.
/// </summary>
internal sealed record PostmasterPidFile(string Path, int Pid, int Port)
{
    public static PostmasterPidFile? Read(string dataDirectory)
    {
        var path = System.IO.Path.Combine(dataDirectory, "postmaster.pid");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        // No data folder at all is no cluster either: a start-up refused before initdb stops it in this state.
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        var pid = lines.Length > 0 && int.TryParse(lines[0].Trim(), out var p) ? p : 0;
        var port = lines.Length > 3 && int.TryParse(lines[3].Trim(), out var q) ? q : 0;
        return new PostmasterPidFile(path, pid, port);
    }

    /// <summary>True when the pid is a live postmaster serving this data folder (its working directory).</summary>
    public bool IsPostmasterAlive(string dataDirectory)
    {
        if (Pid <= 0) return false;
        try
        {
            var comm = File.ReadAllText($"/proc/{Pid}/comm").Trim();
            var cwd = new DirectoryInfo($"/proc/{Pid}/cwd").ResolveLinkTarget(returnFinalTarget: false)?.FullName;
            return comm is "postgres" or "postmaster"
                   && (cwd is null || Normalize(cwd) == Normalize(System.IO.Path.GetFullPath(dataDirectory)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Normalize(string path) => path.TrimEnd('/');

    public string Describe()
    {
        if (Pid <= 0) return "unreadable pid";
        try
        {
            return $"pid {Pid} is '{File.ReadAllText($"/proc/{Pid}/comm").Trim()}', not postgres";
        }
        catch (IOException)
        {
            return $"pid {Pid} is not running";
        }
    }
}
