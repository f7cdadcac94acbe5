using System.Globalization;
using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary><c>ports.conflict</c>: a configured port held by another process (mik serve would be refused, or is).</summary>
internal sealed class PortsConflictCheck : ICheck
{
    public string Id => "ports.conflict";

    public string Title => "no other process holds a port mik is configured to use";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (HostEvidence.Service(evidence) is not { } service)
        {
            yield return HostEvidence.Missing(this, HostFiles.ServiceJson, HostFiles.Service, evidence);
            yield break;
        }
        var others = service.Listeners.Where(l => l.Listening && !l.OwnedByMik).ToList();
        var lines = service.Listeners.Select(HostEvidence.Describe).ToList();
        if (others.Count == 0)
        {
            yield return new CheckResult(Id, Title, Verdict.Ok,
                "no other process holds " + string.Join(" or ", service.Listeners.Select(l => $"port {l.Port}")), lines);
            yield break;
        }
        foreach (var other in others)
        {
            var port = other.Port.ToString(CultureInfo.InvariantCulture);
            if (other.OwnerPid is null)
                yield return new CheckResult(Id, Title, Verdict.Warn,
                    $"{other.Listener} port {port} is held by a process this user cannot see" + (service.Running ? " (it may be mik)" : ""), lines,
                    "Run mik doctor as root or as mik's user to see who owns the port");
            else
                yield return new CheckResult(Id, Title, Verdict.Fail,
                    $"{other.Listener} port {port} ({other.Configured}) is held by pid {other.OwnerPid} ({other.OwnerName}), not by mik" +
                    (service.Running ? "" : ": mik serve cannot bind it"), lines,
                    Runbook.WrongPort(other.Port));
        }
    }
}
