using System.Diagnostics;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>Runs one <c>mik</c> command to its end, stdout redirected (so not a terminal), with a clean environment.</summary>
internal static class MikCli
{
    public static Task<CliResult> RunAsync(string workingDirectory, params string[] args) =>
        RunProgramAsync(MikBinary.Path, workingDirectory, args);

    /// <summary>
    /// mik with variables of the test's choosing on top of the clean environment (a canary <c>MIK_API_KEY</c>), and a
    /// longer hang guard for commands that collect for seconds on a loaded machine.
    /// </summary>
    public static Task<CliResult> RunWithEnvironmentAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunAsync(MikBinary.Path, workingDirectory, environment, TimeSpan.FromSeconds(120), args);

    /// <summary>Another program (e.g. script(1) around mik), with the same clean environment.</summary>
    public static Task<CliResult> RunProgramAsync(string program, string workingDirectory, params string[] args) =>
        RunAsync(program, workingDirectory, null, TimeSpan.FromSeconds(60), args);

    private static async Task<CliResult> RunAsync(string program, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment, TimeSpan hangGuard, string[] args)
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
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        // An empty stdin: nothing run here may read (or, for script(1), forward) the test runner's own.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A hang guard, not a measurement.
        using var deadline = new CancellationTokenSource(hangGuard);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not exit within {hangGuard.TotalSeconds:0} s");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
