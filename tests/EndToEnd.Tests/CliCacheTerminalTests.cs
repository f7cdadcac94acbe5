using System.Diagnostics;
using Mik.Durable.EndToEnd.Tests.Support;

namespace Mik.Durable.EndToEnd.Tests;

/// <summary>
/// <c>mik cache</c> as an operator sees it: on a pseudo-terminal (util-linux <c>script</c>) a progress bar and tables,
/// and help that fits one screen.
/// </summary>
public sealed class CliCacheTerminalTests
{
    [Fact]
    public async Task On_a_terminal_warm_shows_progress_and_a_table_and_clean_says_what_it_removed_and_the_bytes_freed()
    {
        using var sandbox = CliCacheTests.NewSandbox();
        var warm = await OnTerminalAsync(sandbox, "cache", "warm");
        Assert.Contains("100%", warm);
        Assert.Matches(@"MODULE\s+RESULT\s+BYTES", warm);
        Assert.Matches(@"hello\s+\S*compiled", warm);

        var unusable = CliCacheTests.AddUnusableArtifacts(sandbox);
        var clean = await OnTerminalAsync(sandbox, "cache", "clean");
        Assert.Matches(@"ghost\s+\S*orphaned", clean);
        Assert.Matches(@"junk\s+\S*corrupt", clean);
        Assert.Contains($"removed 2 artifact(s), {unusable} bytes freed", clean);
        Assert.Contains("recorded as CacheCleared in the audit spool", clean);
    }

    [Fact]
    public async Task Mik_help_and_each_cache_help_fit_one_screen_and_name_the_cache_commands()
    {
        using var sandbox = CliCacheTests.NewSandbox();
        var root = (await AdminCli.RunAsync(null, sandbox.Directory, "--help")).Ok();
        Assert.True(root.Stdout.TrimEnd().Split('\n').Length <= 24, root.Stdout);
        Assert.Matches(@"\n\s+cache\s", root.Stdout);
        var cache = (await AdminCli.RunAsync(null, sandbox.Directory, "cache", "--help")).Ok();
        Assert.All(new[] { "list", "clean", "clear", "warm" }, c => Assert.Matches($@"\n\s+{c}\s", cache.Stdout));
        foreach (var command in new[] { "list", "clean", "clear", "warm" })
        {
            var run = (await AdminCli.RunAsync(null, sandbox.Directory, "cache", command, "--help")).Ok();
            Assert.True(run.Stdout.TrimEnd().Split('\n').Length <= 24, run.Stdout);
            Assert.Contains("--admin-url", run.Stdout);
        }
    }

    private static async Task<string> OnTerminalAsync(MikSandbox sandbox, params string[] args)
    {
        var command = string.Join(' ', ((string[])[MikBinary.Path, .. args, "--config", sandbox.ConfigPath]).Select(a => $"'{a}'"));
        var info = new ProcessStartInfo("/usr/bin/script")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = sandbox.Directory,
        };
        foreach (var a in new[] { "-qec", command, "/dev/null" }) info.ArgumentList.Add(a);
        info.Environment["TERM"] = "xterm-256color";
        info.Environment.Remove("NO_COLOR");
        foreach (var name in new[] { "MIK_CONFIG", "MIK_API_KEY", "MIK_DATABASE_URL" }) info.Environment.Remove(name);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output}");
        return await output;
    }
}
