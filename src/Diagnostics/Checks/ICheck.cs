namespace Mik.Durable.Diagnostics.Checks;

/// <summary>
/// One diagnosis step of the runbook (docs/diagnostics.md, "Checks"). Reads only the evidence, changes nothing, and
/// says <c>skip</c> with the reason when the evidence it needs is not there (a collector that failed, mik stopped).
/// </summary>
public interface ICheck
{
    /// <summary>Stable id for <c>--check</c>/<c>--skip</c> and <c>doctor.json</c>, e.g. <c>process.running</c>.</summary>
    string Id { get; }

    /// <summary>What it looks at, one short line for <c>--list-checks</c>.</summary>
    string Title { get; }

    /// <summary>One result, or several (one per module, for instance) sharing <see cref="Id"/>.</summary>
    IEnumerable<CheckResult> Run(Evidence evidence);
}
