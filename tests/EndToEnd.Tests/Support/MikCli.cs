using System.Diagnostics;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>Runs one <c>mik</c> command to its end, stdout redirected (so not a terminal), with a clean environment.</summary>
internal static class MikCli
{
    public static async Task<CliResult> RunAsync(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(MikBinary.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var name in new[] { "MIK_CONFIG", "MIK_DATABASE_URL", "MIK_API_KEY", "MIK_LOKI_URL", "HOST", "PORT" })
            info.Environment.Remove(name);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mik {string.Join(' ', args)} did not exit within 60 s");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
