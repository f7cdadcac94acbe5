using System.Diagnostics;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>Runs one admin client command of the published <c>mik</c> (stdout piped) and collects what it printed.</summary>
internal static class AdminCli
{
    /// <param name="apiKey">MIK_API_KEY for the command; null: not set.</param>
    public static async Task<AdminCliResult> RunAsync(string? apiKey, string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo(MikBinary.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var name in new[] { "MIK_CONFIG", "MIK_API_KEY", "MIK_DATABASE_URL" }) info.Environment.Remove(name);
        if (apiKey is not null) info.Environment["MIK_API_KEY"] = apiKey;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A deadline for a hung command, not a measure of speed.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(deadline.Token);
        return new AdminCliResult(process.ExitCode, await stdout, await stderr);
    }
}
