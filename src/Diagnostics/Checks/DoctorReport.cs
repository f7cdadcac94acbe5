namespace Mik.Durable.Diagnostics.Checks;

/// <summary>What <c>mik doctor --json</c> prints and a bundle's <c>doctor.json</c> holds: every result, and the counts.</summary>
public sealed record DoctorReport(DateTimeOffset At, IReadOnlyList<CheckResult> Checks)
{
    public IReadOnlyDictionary<string, int> Summary =>
        new[] { Verdict.Ok, Verdict.Warn, Verdict.Fail, Verdict.Skip }.ToDictionary(v => v, v => Checks.Count(c => c.Verdict == v));

    public bool Failed => Checks.Any(c => c.Verdict == Verdict.Fail);
}
