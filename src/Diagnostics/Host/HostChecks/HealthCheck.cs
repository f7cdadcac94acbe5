using System.Text.Json;
using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary><c>health</c>: <c>GET /health</c> answers 200 <c>ready</c>; a 503 while starting or draining is a warning.</summary>
internal sealed class HealthCheck : ICheck
{
    public string Id => "health";

    public string Title => "GET /health answers 200 ready";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (HostEvidence.Health(evidence) is not { } health)
        {
            yield return HostEvidence.Missing(this, HostFiles.HealthJson, HostFiles.Health, evidence);
            yield break;
        }
        var body = health.Body;
        string? Field(string name) =>
            body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;
        var status = Field("status");
        List<string> lines = [$"health.json: HTTP {health.HttpStatus} " + JsonSerializer.Serialize(body)];
        if (health.HttpStatus == 200 && status == "ready")
        {
            var degraded = new List<string>();
            if (Field("event_store") is { } store && store != "ok") degraded.Add($"event_store {store} (audit events are spooled: see event_store.reachable)");
            if (Field("modules_dir") is "missing") degraded.Add("modules_dir missing (see modules.folder)");
            if (Field("modules_broken") is { } broken && broken != "0") degraded.Add($"{broken} module(s) broken (see modules.valid)");
            yield return degraded.Count == 0
                ? new CheckResult(Id, Title, Verdict.Ok, "ready", lines)
                : new CheckResult(Id, Title, Verdict.Warn, "ready, but " + string.Join("; ", degraded), lines,
                    "Follow the checks named above; GET /health keeps answering 200 while they are degraded");
        }
        else if (health.HttpStatus == 503 && status is "starting" or "draining")
            yield return new CheckResult(Id, Title, Verdict.Warn, $"HTTP 503 {status}", lines,
                status == "starting" ? "mik is still starting: wait and run mik doctor again; if it stays starting, read its logs (journalctl -u mik -n 100)"
                    : "mik is draining for a shutdown (SIGTERM): start it again once it has stopped (systemctl start mik)");
        else
            yield return new CheckResult(Id, Title, Verdict.Fail, $"HTTP {health.HttpStatus} {status ?? "(no status)"}", lines,
                "Read the logs for the cause (journalctl -u mik --since \"10 minutes ago\" -p err), then restart mik (systemctl restart mik)");
    }
}
