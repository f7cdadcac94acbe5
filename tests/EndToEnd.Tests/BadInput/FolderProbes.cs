using System.Net;
using System.Text.Json;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests.BadInput;

/// <summary>The filesystem rows that need a server (or a refused start-up) of their own.</summary>
internal static class FolderProbes
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task DeletedWhileServingAsync(BadInputCase row)
    {
        using var sandbox = new MikSandbox();
        sandbox.AddModule("hello");
        await using var mik = MikProcess.Start(sandbox);
        await mik.WaitReadyAsync();

        Directory.Delete(sandbox.ModulesDirectory, recursive: true);
        await LogLines.WaitAsync(mik, l => l.Any(x => x.Is("message", row.Error) && x.Is("level", "WARN")), row.Error);
        Assert.Equal("missing", await ModulesDirAsync(mik));
        // Compiled and in memory: still served; nothing is taken for removed.
        Assert.Equal(HttpStatusCode.OK, (await mik.Runtime.GetAsync("/run/hello/", Ct)).StatusCode);

        Directory.CreateDirectory(sandbox.ModulesDirectory);
        sandbox.AddModule("echo", "later");
        await WaitStatusAsync(mik, "/run/later/", HttpStatusCode.OK);
        Assert.Equal("ok", await ModulesDirAsync(mik));
    }

    public static async Task ModulesFolderIsAFileAsync(BadInputCase row)
    {
        using var sandbox = new MikSandbox();
        Directory.Delete(sandbox.ModulesDirectory);
        await File.WriteAllTextAsync(sandbox.ModulesDirectory, "not a folder\n", Ct);
        var result = await RefusedAsync(sandbox, row);
        Assert.Contains($"server.modules = \"{sandbox.ModulesDirectory}\": ", result.Stderr);
    }

    public static async Task StateDirIsAFileAsync(BadInputCase row)
    {
        using var sandbox = new MikSandbox();
        await File.WriteAllTextAsync(sandbox.StateDirectory, "not a folder\n", Ct);
        await RefusedAsync(sandbox, row, stateDirMadeHere: false);
    }

    public static async Task StateDirReadOnlyAsync(BadInputCase row)
    {
        using var sandbox = new MikSandbox();
        using (await TmpfsMount.MountAsync(sandbox.StateDirectory, "ro,size=64k"))
        {
            var result = await RefusalAsync(sandbox);
            AssertRefused(sandbox, row, result);
            Assert.Contains($"state.dir = \"{sandbox.StateDirectory}\": ", result.Stderr);
        }
    }

    /// <summary>As root the embedded PostgreSQL runs as <c>postgres</c>, which cannot pass a 0700 folder of root's.</summary>
    public static async Task StateDirPostgresCannotEnterAsync(BadInputCase row)
    {
        // As another user the cluster runs as that user, who may enter its own folder: nothing to refuse.
        if (Environment.UserName != "root") Assert.Skip("the embedded PostgreSQL runs as 'postgres' only when mik is root");
        using var sandbox = new MikSandbox(embeddedDatabase: true);
        var closed = Path.Combine(sandbox.Directory, "closed");
        Directory.CreateDirectory(closed);
        File.SetUnixFileMode(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var toml = await File.ReadAllTextAsync(sandbox.ConfigPath, Ct);
        await File.WriteAllTextAsync(sandbox.ConfigPath, toml.Replace("dir = \"state\"", "dir = \"closed/state\"", StringComparison.Ordinal), Ct);
        AssertRefused(sandbox, row, await RefusalAsync(sandbox));
    }

    private static async Task<CliResult> RefusedAsync(MikSandbox sandbox, BadInputCase row, bool stateDirMadeHere = true)
    {
        var result = await RefusalAsync(sandbox);
        AssertRefused(sandbox, row, result);
        if (stateDirMadeHere) Assert.False(Directory.Exists(sandbox.StateDirectory), "a refused start-up made the state dir");
        return result;
    }

    private static void AssertRefused(MikSandbox sandbox, BadInputCase row, CliResult result)
    {
        Assert.True(row.Expected == $"exit {result.ExitCode}", $"expected {row.Expected}, got exit {result.ExitCode}: {result.Stderr}");
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("mik: cannot start: ", line);
        Assert.Contains(row.Error, line);
        Assert.False(Directory.Exists(Path.Combine(sandbox.StateDirectory, "audit-spool")), "events were spooled");
    }

    private static Task<CliResult> RefusalAsync(MikSandbox sandbox) =>
        MikCli.RunWithEnvironmentAsync(sandbox.Directory, sandbox.Environment, "serve", "--config", sandbox.ConfigPath);

    private static async Task<string?> ModulesDirAsync(MikProcess mik)
    {
        using var health = JsonDocument.Parse(await mik.Runtime.GetStringAsync("/health", Ct));
        return health.RootElement.GetProperty("modules_dir").GetString();
    }

    internal static async Task WaitStatusAsync(MikProcess mik, string path, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await mik.Runtime.GetAsync(path, Ct);
            if (response.StatusCode == expected) return;
            Assert.True(DateTime.UtcNow < deadline, $"{path} answered {(int)response.StatusCode} for 60 s, not {(int)expected}");
            await Task.Delay(100, Ct);
        }
    }
}
