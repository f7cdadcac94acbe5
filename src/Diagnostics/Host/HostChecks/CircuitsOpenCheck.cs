using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Host.HostChecks;

/// <summary>
/// <c>circuits.open</c>: <c>mik_circuit_breaker_state{module}</c> of the last metrics sample (0 closed, 1 open,
/// 2 half-open). Open fails; half-open (a probe is on its way) warns.
/// </summary>
internal sealed class CircuitsOpenCheck : ICheck
{
    public const string Metric = "mik_circuit_breaker_state";

    public string Id => "circuits.open";

    public string Title => "no module's circuit breaker is open (mik_circuit_breaker_state)";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (HostEvidence.MetricsEnd(evidence) is not { } metrics)
        {
            yield return HostEvidence.Missing(this, HostFiles.MetricsEnd, HostFiles.Metrics, evidence);
            yield break;
        }
        var states = metrics.Named(Metric).ToList();
        var open = states.Where(s => s.Value == 1).ToList();
        var half = states.Where(s => s.Value == 2).ToList();
        if (open.Count > 0)
            yield return new CheckResult(Id, Title, Verdict.Fail,
                $"circuit open for {string.Join(", ", open.Select(s => s.Label("module")))}: requests to it get 503 circuit-open",
                [.. open.Concat(half).Select(s => s.Line)], Runbook.CircuitOpen.Replace("MODULE", open[0].Label("module"), StringComparison.Ordinal));
        else if (half.Count > 0)
            yield return new CheckResult(Id, Title, Verdict.Warn,
                $"circuit half-open for {string.Join(", ", half.Select(s => s.Label("module")))}: the next request probes it",
                [.. half.Select(s => s.Line)], Runbook.CircuitOpen.Replace("MODULE", half[0].Label("module"), StringComparison.Ordinal));
        else
            yield return new CheckResult(Id, Title, Verdict.Ok,
                states.Count == 0 ? "no breaker yet (no module has been called)" : $"all {states.Count} circuit(s) closed", [.. states.Select(s => s.Line)]);
    }
}
