using System.Diagnostics;
using Mik.Durable.EndToEnd.Tests.Deploy;

namespace Mik.Durable.EndToEnd.Tests.Benchmarks;

/// <summary>
/// docs/benchmarks.md promises that no figure in it is typed by hand: its Figures section is what
/// bench/lib/report.py renders from the newest bench/results/*.json. These tests hold the page to that.
/// </summary>
public sealed class BenchmarksDocTests
{
    [Fact]
    public async Task The_figures_section_is_exactly_what_the_newest_results_file_renders()
    {
        var (exit, output) = await RunReportAsync("check");
        Assert.True(exit == 0, output);
        Assert.Contains("docs/benchmarks.md matches bench/results/", output);
    }

    [Fact]
    public async Task The_newest_results_file_is_a_full_run_with_every_figure_measured()
    {
        var newest = Directory.GetFiles(Path.Combine(RepoFiles.Root, "bench", "results"), "*.json").Max(StringComparer.Ordinal);
        Assert.NotNull(newest);
        using var run = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(newest, TestContext.Current.CancellationToken));
        Assert.False(run.RootElement.GetProperty("quick").GetBoolean(), $"{newest} is a --quick run, not a measurement");
        var keys = run.RootElement.GetProperty("figures").EnumerateArray()
            .Select(f => (Key: f.GetProperty("key").GetString() ?? "", Failed: f.TryGetProperty("error", out _)))
            .ToList();
        // Every figure script in bench/figures has its figure in the run the page shows, and none of them failed.
        var scripts = Directory.GetFiles(Path.Combine(RepoFiles.Root, "bench", "figures"), "*.py")
            .Where(p => char.IsAsciiDigit(Path.GetFileName(p)[0]))
            .Select(p => Path.GetFileNameWithoutExtension(p)).Select(n => n[(n.IndexOf('_') + 1)..]).Order().ToList();
        Assert.Equal(scripts, keys.Select(k => k.Key).Order().ToList());
        Assert.DoesNotContain(keys, k => k.Failed);
    }

    private static async Task<(int Exit, string Output)> RunReportAsync(string command)
    {
        var start = new ProcessStartInfo("python3", ["bench/lib/report.py", command])
        {
            WorkingDirectory = RepoFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
