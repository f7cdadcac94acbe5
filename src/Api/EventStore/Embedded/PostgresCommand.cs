using System.Diagnostics;
using System.Text;

namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>Runs one PostgreSQL program as the cluster's user and returns its exit code and output.</summary>
internal static class PostgresCommand
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        OsUser user, string program, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo
        {
            FileName = user.IsOther ? "runuser" : program,
            // runuser keeps the caller's cwd; PostgreSQL tools complain when the user cannot enter it (/root).
            WorkingDirectory = "/",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (user.IsOther)
        {
            foreach (var a in new[] { "-u", user.Name, "--", program }) info.ArgumentList.Add(a);
        }
        foreach (var a in arguments) info.ArgumentList.Add(a);
        MinimalEnvironment.Apply(info);

        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new EmbeddedPostgresException($"cannot run {info.FileName}: {e.Message}");
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new EmbeddedPostgresException($"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds:0} s");
        }
        lock (output) return (process.ExitCode, output.ToString().Trim());
    }
}
