using System.Diagnostics;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>Runs an outside program from the repository root and collects what it printed.</summary>
internal static class Tool
{
    public static async Task<ToolResult> RunAsync(string program, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoFiles.Root,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new ToolResult(process.ExitCode, await stdout, await stdout + await stderr);
    }
}
