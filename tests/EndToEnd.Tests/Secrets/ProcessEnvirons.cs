using System.Text;

namespace Mik.Durable.EndToEnd.Tests.Secrets;

/// <summary>
/// The environment and command line of every process on the machine, from <c>/proc/&lt;pid&gt;/environ</c> and
/// <c>cmdline</c>, but those that hold the secrets by right: mik itself (the server and the commands the test ran,
/// whose environment the test gave them) and strace, which passes that environment on to mik.
/// </summary>
internal static class ProcessEnvirons
{
    /// <summary>Checks every other process; returns the command lines of those it read, for a test to see what it covered.</summary>
    public static List<string> Check(CanaryScan scan, string when)
    {
        var mik = RealPath(Support.MikBinary.Path);
        var read = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var exe = new FileInfo(Path.Combine(dir, "exe")).LinkTarget ?? "";
                if (exe == mik || Path.GetFileName(exe) == "strace") continue;
                var environ = File.ReadAllBytes(Path.Combine(dir, "environ"));
                var cmdline = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline"))).Replace('\0', ' ').Trim();
                scan.Check($"{when}: environ of pid {pid} ({cmdline})", environ);
                scan.Check($"{when}: command line of pid {pid}", cmdline);
                read.Add(cmdline);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read (or is a kernel thread with nothing to read).
            }
        }
        return read;
    }

    /// <summary>The path the kernel shows in <c>/proc/&lt;pid&gt;/exe</c> for this file: every symlink on the way resolved.</summary>
    private static string RealPath(string path)
    {
        using var file = File.OpenRead(path);
        return new FileInfo($"/proc/self/fd/{file.SafeFileHandle.DangerousGetHandle()}").LinkTarget ?? Path.GetFullPath(path);
    }
}
