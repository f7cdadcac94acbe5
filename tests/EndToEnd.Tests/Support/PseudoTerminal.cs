using System.Diagnostics;

namespace Mik.Durable.EndToEnd.Tests.Support;

/// <summary>Runs the published <c>mik</c> on a pseudo-terminal (util-linux <c>script</c>) and returns what it showed.</summary>
internal static class PseudoTerminal
{
    private const string Script = "/usr/bin/script";

    /// <param name="apiKey">MIK_API_KEY for the command; null: not set.</param>
    public static async Task<string> RunAsync(string? apiKey, string workingDirectory, params string[] args)
    {
        // bsdutils, which ships script, is an essential package on Debian: its absence is a broken machine, not a skip.
        Assert.True(File.Exists(Script), "util-linux script (package bsdutils) is not installed");
        var command = string.Join(' ', ((string[])[MikBinary.Path, .. args]).Select(a => $"'{a}'"));
        var info = new ProcessStartInfo(Script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in new[] { "-qec", command, "/dev/null" }) info.ArgumentList.Add(a);
        foreach (var name in new[] { "MIK_CONFIG", "MIK_API_KEY", "MIK_DATABASE_URL" }) info.Environment.Remove(name);
        if (apiKey is not null) info.Environment["MIK_API_KEY"] = apiKey;
        info.Environment["TERM"] = "xterm-256color";
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        // A deadline for a hung command, not a measure of speed.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output}");
        return await output;
    }
}
