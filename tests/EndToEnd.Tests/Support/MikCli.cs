using System.Diagnostics;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>Runs one <c>mik</c> command to its end, stdout redirected (so not a terminal), with a clean environment.</summary>
internal static class MikCli
{
    public static Task<CliResult> RunAsync(string workingDirectory, params string[] args) =>
        RunProgramAsync(MikBinary.Path, workingDirectory, args);

    /// <summary>Another program (e.g. script(1) around mik), with the same clean environment.</summary>
    public static async Task<CliResult> RunProgramAsync(string program, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var name in new[] { "MIK_CONFIG", "MIK_DATABASE_URL", "MIK_API_KEY", "MIK_LOKI_URL", "HOST", "PORT" })
            info.Environment.Remove(name);
        using var process = Process.Start(info)!;
        // An empty stdin: nothing run here may read (or, for script(1), forward) the test runner's own.
        process.StandardInput.Close();
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
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not exit within 60 s");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
