using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Data;

/// <summary>What every data check says when its evidence file is not there: which collector, and how it ended.</summary>
internal static class DataEvidence
{
    public static CheckResult Missing(ICheck check, Evidence evidence, string collector, string file)
    {
        var status = evidence.Collector(collector);
        var why = status is null
            ? $"collector '{collector}' did not run"
            : $"collector '{collector}' {status.Status}{(status.Reason is { } r ? ": " + r : "")}";
        return new CheckResult(check.Id, check.Title, Verdict.Skip, $"no {file} ({why})", []);
    }
}
