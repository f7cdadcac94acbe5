using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary><c>ports.listening</c>, one result per listener: mik listens on its configured port (runbook: "Check listening ports").</summary>
internal sealed class PortsListeningCheck : ICheck
{
    public string Id => "ports.listening";

    public string Title => "mik listens on the runtime and admin ports";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (HostEvidence.Service(evidence) is not { } service)
        {
            yield return HostEvidence.Missing(this, HostFiles.ServiceJson, HostFiles.Service, evidence);
            yield break;
        }
        foreach (var listener in service.Listeners)
        {
            string[] lines = [HostEvidence.Describe(listener)];
            var name = $"{listener.Listener} {listener.Configured}";
            if (listener.OwnedByMik)
                yield return new CheckResult(Id, Title, Verdict.Ok, $"{name}: mik (pid {service.Pid}) listens on {listener.BoundAddress}:{listener.Port}", lines);
            else if (!service.Running)
                yield return new CheckResult(Id, Title, Verdict.Fail, $"{name}: mik is not running, so nothing of mik listens there", lines,
                    Runbook.StartMik(ServiceFacts.Of(service)));
            else if (!listener.Listening)
                yield return new CheckResult(Id, Title, Verdict.Fail, $"{name}: mik (pid {service.Pid}) runs but nothing listens on port {listener.Port}", lines,
                    "Wrong port: the running mik was started with another port than mik.toml says now (check the port setting and env PORT), or it is still starting; restart it with this config");
            else if (listener.OwnerPid is null)
                yield return new CheckResult(Id, Title, Verdict.Warn, $"{name}: a socket listens on port {listener.Port} but this user cannot see whose", lines,
                    "Run mik doctor as root or as mik's user to see who owns the port");
            else
                yield return new CheckResult(Id, Title, Verdict.Fail, $"{name}: port {listener.Port} is held by pid {listener.OwnerPid} ({listener.OwnerName}), not by mik", lines,
                    Runbook.WrongPort(listener.Port));
        }
    }
}
