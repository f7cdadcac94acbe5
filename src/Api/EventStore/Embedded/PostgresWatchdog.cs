using System.Diagnostics;

namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>
/// A small shell process, started in a session of its own so it outlives mik, that stops the cluster (fast shutdown:
/// SIGINT to the postmaster) within about a second of mik's death when mik could not (SIGKILL, a crash). It knows mik
/// by pid and start time, so a pid reused by another program does not keep it waiting. mik ends it when it stops the
/// cluster itself; it runs as the cluster's OS user with the minimal environment.
/// </summary>
internal sealed class PostgresWatchdog
{
    private const string Name = "mik-postgres-watchdog";

    // The first check exits without touching the cluster when mik cannot be seen at all (/proc mounted with
    // hidepid): the watchdog could never tell mik's death from that.
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        trap 'exit 0' TERM
        mik=$1 started=$2 data=$3
        alive() {
          line=
          { read -r line < "/proc/$mik/stat"; } 2>/dev/null || return 1
          set -- ${line##*)}
          [ "${20}" = "$started" ]
        }
        alive || exit 0
        while alive; do sleep 1; done
        pm=
        { read -r pm < "$data/postmaster.pid"; } 2>/dev/null || exit 0
        case $pm in ''|*[!0-9]*) exit 0 ;; esac
        comm=
        { read -r comm < "/proc/$pm/comm"; } 2>/dev/null || exit 0
        [ "$comm" = postgres ] && kill -INT "$pm"
        exit 0
        """;

    private readonly Process _process;
    private readonly string _pidFile;

    private PostgresWatchdog(Process process, string pidFile)
    {
        _process = process;
        _pidFile = pidFile;
    }

    public static PostgresWatchdog Start(string clusterDirectory, string dataDirectory, OsUser user)
    {
        var setsid = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "/bin/setsid";
        var info = new ProcessStartInfo(File.Exists(setsid) ? setsid : "/bin/sh") { UseShellExecute = false, WorkingDirectory = "/" };
        if (File.Exists(setsid)) info.ArgumentList.Add("/bin/sh");
        foreach (var a in new[] { "-c", Script, Name, Environment.ProcessId.ToString(), OwnStartTime(), dataDirectory })
            info.ArgumentList.Add(a);
        if (user.IsOther) info.UserName = user.Name;
        MinimalEnvironment.Apply(info);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new EmbeddedPostgresException($"cannot start the embedded PostgreSQL's watchdog ({info.FileName}): {e.Message}");
        }
        var pidFile = Path.Combine(clusterDirectory, "watchdog.pid");
        File.WriteAllText(pidFile, process.Id + "\n");
        return new PostgresWatchdog(process, pidFile);
    }

    public void Stop()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        File.Delete(_pidFile);
    }

    /// <summary>
    /// Ends the watchdog of a killed mik that may not have acted yet: it would stop the cluster this mik is reusing.
    /// </summary>
    public static void StopOrphan(string clusterDirectory, string dataDirectory)
    {
        var pidFile = Path.Combine(clusterDirectory, "watchdog.pid");
        if (!File.Exists(pidFile)) return;
        if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && IsWatchdog(pid, dataDirectory))
        {
            try
            {
                using var orphan = Process.GetProcessById(pid);
                orphan.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // It ended by itself meanwhile.
            }
        }
        File.Delete(pidFile);
    }

    private static bool IsWatchdog(int pid, string dataDirectory)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return arguments.Contains(Name) && arguments.Contains(dataDirectory);
        }
        catch (IOException)
        {
            return false;
        }
    }

    // Field 22 of /proc/<pid>/stat, counted after the command name, which may itself hold spaces and parentheses.
    private static string OwnStartTime()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
    }
}
