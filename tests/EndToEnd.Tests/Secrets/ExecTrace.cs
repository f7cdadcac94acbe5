using System.Diagnostics;

namespace Mik.Durable.EndToEnd.Tests.Secrets;

/// <summary>
/// mik run under <c>strace -f -e trace=execve -v</c>: every program mik (or anything it started) executes is
/// written to a file with its full argument list and environment, however briefly it ran, so the environment of
/// every child process can be searched, not only of those alive when /proc is looked at.
/// </summary>
internal static class ExecTrace
{
    /// <summary>A start-info for <paramref name="program"/> under strace, with the clean environment of the E2E tests.</summary>
    public static ProcessStartInfo StartInfo(string traceFile, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] command)
    {
        var strace = new[] { "/usr/bin/strace", "/bin/strace" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("strace is not installed (apt-get install strace): the canary test records every program mik starts with it");
        var info = new ProcessStartInfo(strace)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        // -s: strings in full (an environment variable is seldom longer); seccomp-bpf stops only at execve, so mik
        // runs at its usual speed.
        foreach (var a in new[] { "-f", "--seccomp-bpf", "-qq", "-e", "trace=execve", "-v", "-s", "65536", "-o", traceFile })
            info.ArgumentList.Add(a);
        foreach (var a in command) info.ArgumentList.Add(a);
        foreach (var name in new[] { "MIK_CONFIG", "MIK_DATABASE_URL", "MIK_API_KEY", "MIK_LOKI_URL", "HOST", "PORT" })
            info.Environment.Remove(name);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        return info;
    }

    /// <summary>
    /// Checks every <c>execve</c> in <paramref name="traceFile"/> but those of the traced command itself (its first
    /// process, until it is mik: /usr/bin/env, then mik, which hold the secrets by right); returns the programs.
    /// </summary>
    public static List<string> Check(CanaryScan scan, string traceFile, string label)
    {
        var programs = new List<string>();
        var lines = File.ReadAllLines(traceFile);
        var root = lines.Length > 0 ? lines[0].Split(' ', 2)[0] : "";
        var rootIsMik = false;
        foreach (var line in lines)
        {
            var at = line.IndexOf("execve(\"", StringComparison.Ordinal);
            if (at < 0) continue;
            var program = line[(at + 8)..line.IndexOf('"', at + 8)];
            var pid = line.Split(' ', 2)[0];
            if (pid == root && !rootIsMik)
            {
                rootIsMik = program == Path.GetFullPath(Support.MikBinary.Path) && !line.Contains("= -1 ENOENT", StringComparison.Ordinal);
                continue;
            }
            if (line.Contains("= -1 ENOENT", StringComparison.Ordinal)) continue; // a PATH lookup that missed: nothing ran
            programs.Add(program);
            scan.Check($"{label}: execve of {program} (pid {pid})", line);
        }
        return programs;
    }
}
