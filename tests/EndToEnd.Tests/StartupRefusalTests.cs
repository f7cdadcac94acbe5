using System.Net;
using System.Net.Sockets;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>Start-ups mik must refuse, with one line that says what to fix, before it starts or changes anything.</summary>
public sealed class StartupRefusalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task An_empty_config_option_is_a_usage_error_and_leaves_the_home_folder_alone(string named)
    {
        using var sandbox = new MikSandbox(embeddedDatabase: true);
        // Nothing to fall back on but the built-in defaults, which keep state in ~/.mik.
        File.Delete(sandbox.ConfigPath);
        var home = Path.Combine(sandbox.Directory, "home");
        Directory.CreateDirectory(home);
        File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        sandbox.Environment["HOME"] = home;
        await using var mik = MikProcess.Start(sandbox, "serve", "--config", named);

        Assert.Equal(2, await mik.WaitForExitAsync(ExitDeadline));
        var line = Assert.Single(mik.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("mik: --config ", line);
        Assert.Contains("must name a mik.toml file", line);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home));
        Assert.False(Directory.Exists(Path.Combine(home, ".mik")), "mik made a state dir in the home folder");
    }

    [Fact]
    public async Task A_config_option_naming_a_folder_is_a_usage_error_that_says_so()
    {
        using var sandbox = new MikSandbox();
        await using var mik = MikProcess.Start(sandbox, "serve", "--config", sandbox.Directory);

        Assert.Equal(2, await mik.WaitForExitAsync(ExitDeadline));
        var line = Assert.Single(mik.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--config", line);
        Assert.Contains($"{sandbox.Directory} is a folder, not a file", line);
    }

    [Fact]
    public async Task A_folder_the_embedded_PostgreSQL_cannot_enter_stops_start_up_and_keeps_its_mode()
    {
        // As root the cluster runs as 'postgres'; as another user it runs as that user and any folder will do.
        if (Environment.UserName != "root") return;
        using var sandbox = new MikSandbox(embeddedDatabase: true);
        // Like /root: a folder of the operator's that only its owner may enter, with the state dir below it.
        var closed = Path.Combine(sandbox.Directory, "closed");
        Directory.CreateDirectory(closed);
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(sandbox.ConfigPath,
            (await File.ReadAllTextAsync(sandbox.ConfigPath, Ct)).Replace("dir = \"state\"", "dir = \"closed/state\"", StringComparison.Ordinal), Ct);
        await using var mik = MikProcess.Start(sandbox);

        Assert.Equal(1, await mik.WaitForExitAsync(ExitDeadline));
        Assert.Contains($"which cannot enter {closed}", mik.Stderr);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(closed));
    }

    [Fact]
    public async Task A_state_dir_that_is_a_file_is_named_as_state_dir()
    {
        using var sandbox = new MikSandbox();
        await File.WriteAllTextAsync(sandbox.StateDirectory, "not a folder\n", Ct);
        await using var mik = MikProcess.Start(sandbox);

        Assert.Equal(1, await mik.WaitForExitAsync(ExitDeadline));
        Assert.Contains($"state.dir = \"{sandbox.StateDirectory}\": it is a file, not a folder", mik.Stderr);
    }

    [Fact]
    public async Task A_negative_PORT_says_it_must_be_a_port()
    {
        using var sandbox = new MikSandbox();
        sandbox.Environment["PORT"] = "-3";
        await using var mik = MikProcess.Start(sandbox);

        Assert.Equal(1, await mik.WaitForExitAsync(ExitDeadline));
        Assert.Contains("server.port (env PORT) = -3: must be a port from 1 to 65535", mik.Stderr);
    }

    [Theory]
    [InlineData("runtime")]
    [InlineData("admin")]
    public async Task A_listener_that_cannot_bind_stops_start_up_before_PostgreSQL_or_the_audit_spool(string listener)
    {
        using var sandbox = new MikSandbox(embeddedDatabase: true);
        var port = listener == "runtime" ? sandbox.Port : sandbox.AdminPort;
        using var occupant = new TcpListener(IPAddress.Loopback, port);
        occupant.Start();
        await using var mik = MikProcess.Start(sandbox);

        Assert.Equal(1, await mik.WaitForExitAsync(ExitDeadline));
        Assert.Contains($"the {listener} listener", mik.Stderr);
        Assert.Contains($"cannot bind 127.0.0.1:{port}", mik.Stderr);
        Assert.Contains("already in use", mik.Stderr);
        Assert.False(Directory.Exists(Path.Combine(sandbox.StateDirectory, "pg")), "the embedded PostgreSQL was set up");
        Assert.False(Directory.Exists(Path.Combine(sandbox.StateDirectory, "audit-spool")), "events were spooled");
    }
}
