using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Host.Collectors;
using Mik.Durable.Diagnostics.Host.Model;

namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary>
/// <c>ports.bind_address</c>, one result per listener (runbook: "Check bind address"): the runtime listener on a
/// loopback address is unreachable from other machines (warn); the admin listener is expected on loopback.
/// </summary>
internal sealed class PortsBindAddressCheck : ICheck
{
    public string Id => "ports.bind_address";

    public string Title => "bind addresses: runtime reachable from outside, admin on loopback";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (HostEvidence.Service(evidence) is not { } service)
        {
            yield return HostEvidence.Missing(this, HostFiles.ServiceJson, HostFiles.Service, evidence);
            yield break;
        }
        foreach (var listener in service.Listeners)
        {
            // What mik really bound when it runs, else what it would bind.
            var address = listener.OwnedByMik && listener.BoundAddress is { } bound ? bound : listener.Host;
            var source = listener.OwnedByMik ? "bound to" : "configured for";
            string[] lines = [HostEvidence.Describe(listener)];
            var loopback = ListenerProbe.IsLoopback(address);
            if (listener.Listener == ListenerEvidence.Runtime)
                yield return loopback
                    ? new CheckResult(Id, Title, Verdict.Warn, $"runtime listener {source} {address}: reachable from this machine only", lines, Runbook.BoundToLoopback)
                    : new CheckResult(Id, Title, Verdict.Ok, $"runtime listener {source} {address}:{listener.Port}", lines);
            else
                yield return new CheckResult(Id, Title, Verdict.Ok,
                    $"admin listener {source} {address}:{listener.Port}" + (loopback ? " (loopback)" : " (not loopback: needs MIK_API_KEY, see admin.key)"), lines);
        }
    }
}
