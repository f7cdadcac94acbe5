using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Host.Collectors;
using Mik.Durable.Diagnostics.Host.Model;

namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary>
/// <c>admin.key</c>: an admin listener that is not loopback needs <c>MIK_API_KEY</c>. mik serve refuses to start
/// without it, so a running mik bound there has one; a stopped one is judged by the key this environment holds.
/// </summary>
internal sealed class AdminKeyCheck : ICheck
{
    public string Id => "admin.key";

    public string Title => "MIK_API_KEY is set when the admin listener is not loopback";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (HostEvidence.Service(evidence) is not { } service)
        {
            yield return HostEvidence.Missing(this, HostFiles.ServiceJson, HostFiles.Service, evidence);
            yield break;
        }
        if (service.Listeners.FirstOrDefault(l => l.Listener == ListenerEvidence.Admin) is not { } admin)
        {
            yield return new CheckResult(Id, Title, Verdict.Skip, "service.json lists no admin listener", []);
            yield break;
        }
        var key = service.ApiKeyInEnvironment ? "MIK_API_KEY is set ([redacted])" : "MIK_API_KEY is not set";
        List<string> lines = [$"[admin] host = {admin.Host}, port = {admin.Port}", HostEvidence.Describe(admin), key + " in the environment of mik doctor"];
        var exposed = !ListenerProbe.IsLoopback(admin.Host) || (admin.OwnedByMik && admin.BoundAddress is { } b && !ListenerProbe.IsLoopback(b));
        if (!exposed)
            yield return new CheckResult(Id, Title, Verdict.Ok, $"admin listener on loopback ({admin.Host}): reachable from this machine only", lines);
        else if (admin.OwnedByMik)
            yield return new CheckResult(Id, Title, Verdict.Ok,
                $"admin listener on {admin.BoundAddress} and mik is serving it: mik serve starts there only with MIK_API_KEY set", lines);
        else if (service.ApiKeyInEnvironment)
            yield return new CheckResult(Id, Title, Verdict.Ok, $"admin listener configured for {admin.Host} and MIK_API_KEY is set", lines);
        else
            yield return new CheckResult(Id, Title, Verdict.Fail,
                $"admin listener configured for {admin.Host} (not loopback) and MIK_API_KEY is not set: mik serve refuses to start", lines, Runbook.KeyNotSet);
    }
}
