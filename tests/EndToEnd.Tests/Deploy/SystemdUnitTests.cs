using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>deploy/systemd/mik.service: what the issue asks of it, and why MemoryDenyWriteExecute stays off.</summary>
public sealed class SystemdUnitTests
{
    // Sets the kernel's memory-deny-write-execute (PR_SET_MDWE = 65, PR_MDWE_REFUSE_EXEC_GAIN = 1; Linux 6.3+), the
    // restriction systemd's MemoryDenyWriteExecute=yes applies, then execs the command; exit 3 when unsupported.
    private const string UnderMdwe = """
        import ctypes, os, sys
        if ctypes.CDLL(None, use_errno=True).prctl(65, 1, 0, 0, 0) != 0: sys.exit(3)
        os.execv(sys.argv[1], sys.argv[1:])
        """;

    private static Dictionary<string, List<string>> Service() =>
        RepoFiles.Read("deploy", "systemd", "mik.service").Split('\n')
            .SkipWhile(l => l.Trim() != "[Service]").Skip(1).TakeWhile(l => !l.StartsWith('['))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .GroupBy(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..])
            .ToDictionary(g => g.Key, g => g.ToList());

    [Fact]
    public void The_unit_runs_mik_as_its_own_user_with_its_directories_the_key_file_and_restart_on_failure()
    {
        var service = Service();
        Assert.Equal(["mik"], service["User"]);
        Assert.Equal(["mik"], service["StateDirectory"]);
        Assert.Equal(["mik"], service["LogsDirectory"]);
        Assert.Equal(["mik"], service["ConfigurationDirectory"]);
        Assert.Equal(["/etc/mik/mik.env"], service["EnvironmentFile"]);
        Assert.Equal(["on-failure"], service["Restart"]);
        Assert.Equal(["yes"], service["NoNewPrivileges"]);
        Assert.Equal(["strict"], service["ProtectSystem"]);
        Assert.Equal(["no"], service["MemoryDenyWriteExecute"]);
        Assert.DoesNotContain("MIK_API_KEY=", string.Join('\n', service.SelectMany(kv => kv.Value)));
        Assert.Contains("u mik ", RepoFiles.Read("deploy", "systemd", "mik.sysusers.conf"));
        var toml = RepoFiles.Read("deploy", "systemd", "mik.toml");
        Assert.Contains("dir = \"/var/lib/mik\"", toml);            // StateDirectory
        Assert.Contains("file = \"/var/log/mik/mik.log\"", toml);   // LogsDirectory
    }

    [Fact]
    public async Task Mik_cannot_run_under_MemoryDenyWriteExecute_which_is_why_the_unit_leaves_it_off()
    {
        var plain = await Tool.RunAsync(MikBinary.Path, ["--version"]);
        Assert.True(plain.ExitCode == 0, plain.Output);
        Assert.Contains("wasmtime", plain.Output);

        var denied = await Tool.RunAsync("python3", ["-c", UnderMdwe, MikBinary.Path, "--version"]);
        if (denied.ExitCode == 3) Assert.Skip("this kernel has no PR_SET_MDWE (Linux 6.3+)");
        // The .NET runtime cannot make the code it compiles executable: mik dies before printing anything.
        Assert.NotEqual(0, denied.ExitCode);
        Assert.DoesNotContain("wasmtime", denied.Output);
    }
}
