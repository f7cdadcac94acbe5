namespace Mik.Durable.Diagnostics.Checks;

/// <summary>Runs the selected checks over one body of evidence. A check that throws is a <c>skip</c> naming the bug, never a lost report.</summary>
public static class Doctor
{
    public static DoctorReport Run(IEnumerable<ICheck> checks, Evidence evidence, DateTimeOffset at)
    {
        var results = new List<CheckResult>();
        foreach (var check in checks)
        {
            try
            {
                results.AddRange(check.Run(evidence));
            }
            catch (Exception e)
            {
                results.Add(new CheckResult(check.Id, check.Title, Verdict.Skip, $"the check itself failed: {e.GetType().Name}: {e.Message}", []));
            }
        }
        return new DoctorReport(at, results);
    }

    /// <summary>
    /// The checks named by <c>--check</c> (all when none) less those named by <c>--skip</c>; an id or prefix that
    /// matches nothing is an error naming it. A prefix ends with a dot (<c>modules.</c>).
    /// </summary>
    public static IReadOnlyList<ICheck> Select(IReadOnlyList<ICheck> all, IReadOnlyList<string> only, IReadOnlyList<string> skip)
    {
        foreach (var id in only.Concat(skip))
            if (!all.Any(c => Matches(c, id)))
                throw new ArgumentException($"no check '{id}' (mik doctor --list-checks lists them)");
        return [.. all.Where(c => (only.Count == 0 || only.Any(id => Matches(c, id))) && !skip.Any(id => Matches(c, id)))];
    }

    private static bool Matches(ICheck check, string id) =>
        check.Id == id || (id.EndsWith('.') && check.Id.StartsWith(id, StringComparison.Ordinal));
}
