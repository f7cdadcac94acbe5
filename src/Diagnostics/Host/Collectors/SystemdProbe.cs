using System.Diagnostics;
using System.Globalization;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Host.Model;

namespace Mik.Durable.Diagnostics.Host.Collectors;

/// <summary><c>systemctl show mik.service</c> when systemd runs this machine (PID 1) and knows the unit.</summary>
internal static class SystemdProbe
{
    public const string Unit = "mik.service";

    /// <summary>How long systemctl may take: a stuck D-Bus must cost the systemd facts, not the whole of service.json.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    public static async Task<(SystemdEvidence? Systemd, string? Reason)> ReadAsync(string procRoot, TimeProvider time, CancellationToken cancellationToken)
    {
        var init = File.Exists(Path.Combine(procRoot, "1/comm")) ? (await File.ReadAllTextAsync(Path.Combine(procRoot, "1/comm"), cancellationToken)).Trim() : "";
        if (init != "systemd") return (null, $"systemd is not PID 1 here (PID 1 is '{init}')");
        using var budget = new CancellationTokenSource(Budget, time);
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        string? output;
        try
        {
            output = await RunAsync(["show", Unit, "--property=LoadState,ActiveState,SubState,MainPID"], cut.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"systemctl did not answer within {Budget.TotalSeconds:0} s");
        }
        if (output is null) return (null, "systemctl could not be run");
        var properties = Parse(output);
        if (properties.GetValueOrDefault("LoadState") is "not-found" or null)
            return (null, $"systemd has no {Unit} unit");
        var mainPid = int.TryParse(properties.GetValueOrDefault("MainPID"), CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : (int?)null;
        return (new SystemdEvidence(Unit, properties.GetValueOrDefault("ActiveState", ""), properties.GetValueOrDefault("SubState", ""), mainPid), null);
    }

    public static Dictionary<string, string> Parse(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);

    private static async Task<string?> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("systemctl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        ProgramEnvironment.Apply(info);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        using (process)
        {
            try
            {
                var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
                return await output;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }
    }
}
