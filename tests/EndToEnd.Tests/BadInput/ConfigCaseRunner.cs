using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>
/// Runs one config row: writes the sandbox's mik.toml with the row's keys, runs <c>mik serve</c> (or <c>validate</c>)
/// and checks the exit code, the lines that name the problem, and that a refusal left nothing behind.
/// </summary>
internal static class ConfigCaseRunner
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task RunAsync(ConfigCase @case)
    {
        var (row, setup) = (@case.Row, @case.Setup);
        using var sandbox = new MikSandbox();
        sandbox.AddModule("hello");
        // No row may touch the home folder of whoever runs the tests (defaults keep state in ~/.mik).
        var environment = new Dictionary<string, string>(setup.Environment) { ["HOME"] = Path.Combine(sandbox.Directory, "home") };
        await File.WriteAllTextAsync(sandbox.ConfigPath, setup.File ?? Render(sandbox, setup), Ct);
        var config = await PrepareAsync(sandbox, setup.Target, environment);
        if (row.Expected == "200")
        {
            await ServesAsync(sandbox, row, setup, environment, config!);
            return;
        }

        var occupant = Occupy(sandbox, setup.Occupied);
        CliResult result;
        try
        {
            string[] configArgs = config is null ? [] : ["--config", config];
            string[] args = setup.Validate
                ? ["validate", .. configArgs, Path.Combine(sandbox.ModulesDirectory, "hello.wasm")]
                : ["serve", .. configArgs];
            result = setup.Target == ConfigTarget.UnreadableAsNobody
                ? await MikCli.RunProgramAsync("runuser", sandbox.Directory, ["-u", "nobody", "--", NobodyMik.Path, .. args])
                : await MikCli.RunWithEnvironmentAsync(sandbox.Directory, environment, args);
        }
        finally
        {
            occupant?.Stop();
        }

        var output = result.Stdout + result.Stderr;
        Assert.True(row.Expected == $"exit {result.ExitCode}", $"expected {row.Expected}, got exit {result.ExitCode}:\n{output}");
        Assert.Contains(row.Error, output);
        Assert.DoesNotContain("   at ", output);
        foreach (var line in setup.Lines) Assert.Contains("  " + line, result.StderrLines);
        if (setup.Lines.Count > 0) Assert.Equal(setup.Lines.Count + 1, result.StderrLines.Length);
        if (setup.Hidden is { } hidden) Assert.DoesNotContain(hidden, output);
        if (!row.HealthyAfter) AssertNothingLeft(sandbox, setup);
    }

    private static async Task ServesAsync(MikSandbox sandbox, BadInputCase row, ConfigSetup setup, Dictionary<string, string> environment, string config)
    {
        foreach (var (name, value) in environment) sandbox.Environment[name] = value;
        await using var mik = MikProcess.Start(sandbox, "serve", "--config", config);
        await mik.WaitReadyAsync();
        var warning = (await LogLines.WaitAsync(mik, l => l.Any(x => Message(x).Contains(row.Error)), row.Error))
            .First(x => Message(x).Contains(row.Error));
        Assert.True(warning.Is("level", "WARN"), warning.ToString());
        using var hello = await mik.Runtime.GetAsync("/run/hello/", Ct);
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        if (setup.Hidden is { } hidden) Assert.DoesNotContain(hidden, string.Join('\n', mik.StdoutLines) + mik.Stderr);
    }

    private static string Message(JsonElement line) => line.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";

    /// <summary>A refused start-up bound nothing it kept and wrote no state: the state dir is not even made.</summary>
    private static void AssertNothingLeft(MikSandbox sandbox, ConfigSetup setup)
    {
        foreach (var port in new[] { sandbox.Port, sandbox.AdminPort })
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
        }
        if (setup.Occupied is null)
        {
            Assert.False(Directory.Exists(sandbox.StateDirectory), "a refused start-up made the state dir");
            return;
        }
        // The listener check comes after the state dir's lock (docs/operations.md, Starting): the lock may be there.
        Assert.False(Directory.Exists(Path.Combine(sandbox.StateDirectory, "audit-spool")), "events were spooled");
        Assert.False(Directory.Exists(Path.Combine(sandbox.StateDirectory, "pg")), "an embedded PostgreSQL was set up");
    }

    private static TcpListener? Occupy(MikSandbox sandbox, string? listener)
    {
        if (listener is null) return null;
        var occupant = new TcpListener(IPAddress.Loopback, listener == "runtime" ? sandbox.Port : sandbox.AdminPort);
        occupant.Start();
        return occupant;
    }

    /// <summary>The config path to pass with <c>--config</c>, or null when the row names it through <c>MIK_CONFIG</c>.</summary>
    private static async Task<string?> PrepareAsync(MikSandbox sandbox, ConfigTarget target, Dictionary<string, string> environment)
    {
        switch (target)
        {
            case ConfigTarget.Folder:
                return sandbox.ModulesDirectory;
            case ConfigTarget.Missing:
                return Path.Combine(sandbox.Directory, "missing.toml");
            case ConfigTarget.EnvFolder:
                environment["MIK_CONFIG"] = sandbox.ModulesDirectory;
                return null;
            case ConfigTarget.Fifo:
                File.Delete(sandbox.ConfigPath);
                var mkfifo = await MikCli.RunProgramAsync("mkfifo", sandbox.Directory, sandbox.ConfigPath);
                Assert.Equal(0, mkfifo.ExitCode);
                return sandbox.ConfigPath;
            case ConfigTarget.UnreadableAsNobody:
                File.SetUnixFileMode(sandbox.ConfigPath, UnixFileMode.None);
                return sandbox.ConfigPath;
            default:
                return sandbox.ConfigPath;
        }
    }

    /// <summary>The sandbox's own settings with the row's keys over them, all as top-level dotted keys.</summary>
    private static string Render(MikSandbox sandbox, ConfigSetup setup)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["server.host"] = "\"127.0.0.1\"",
            ["server.port"] = $"{sandbox.Port}",
            ["server.modules"] = "\"modules\"",
            ["admin.port"] = $"{sandbox.AdminPort}",
            ["state.dir"] = "\"state\"",
            ["database.url"] = JsonSerializer.Serialize(MikSandbox.TestDatabaseUrl),
            ["database.schema"] = JsonSerializer.Serialize(sandbox.Schema),
        };
        foreach (var (key, value) in setup.Keys) keys[key] = value.Replace("{port}", $"{sandbox.Port}", StringComparison.Ordinal);
        var toml = new StringBuilder();
        foreach (var (key, value) in keys) toml.Append(key).Append(" = ").Append(value).Append('\n');
        return toml.Append(setup.Tail.Replace("{port}", $"{sandbox.Port}", StringComparison.Ordinal)).ToString();
    }
}
