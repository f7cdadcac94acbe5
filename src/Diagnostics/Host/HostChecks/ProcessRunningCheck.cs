using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary><c>process.running</c>: a mik serve holds this config's state dir (runbook: "Check if process is running").</summary>
internal sealed class ProcessRunningCheck : ICheck
{
    public string Id => "process.running";

    public string Title => "mik serve runs for this config (holds <state.dir>/mik.lock)";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (HostEvidence.Service(evidence) is not { } service)
        {
            yield return HostEvidence.Missing(this, HostFiles.ServiceJson, HostFiles.Service, evidence);
            yield break;
        }
        var lines = new List<string> { $"service.json: {service.Reason}" };
        if (service.Systemd is { } unit)
            lines.Add($"systemd: {unit.Unit} {unit.ActiveState} ({unit.SubState})" + (unit.MainPid is { } main ? $", main pid {main}" : ""));
        else if (service.SystemdReason is { } why)
            lines.Add("systemd: " + why);
        if (service.Running)
        {
            lines.Insert(1, $"pid {service.Pid}: {service.CommandLine}");
            var uptime = service.UptimeSecs is { } secs ? ", up " + Duration(TimeSpan.FromSeconds(secs)) : "";
            yield return new CheckResult(Id, Title, Verdict.Ok, $"mik serve is running (pid {service.Pid}{uptime})", lines);
            yield break;
        }
        yield return new CheckResult(Id, Title, Verdict.Fail, "mik is not running for this config: " + service.Reason, lines,
            Runbook.StartMik(ServiceFacts.Of(service)));
    }

    private static string Duration(TimeSpan t) => t switch
    {
        { TotalDays: >= 1 } => $"{(int)t.TotalDays} d {t.Hours} h",
        { TotalHours: >= 1 } => $"{t.Hours} h {t.Minutes} min",
        { TotalMinutes: >= 1 } => $"{t.Minutes} min {t.Seconds} s",
        _ => $"{t.Seconds} s",
    };
}
