using System.Globalization;
using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Data.Store;

/// <summary>
/// <c>audit.spool</c>: audit events waiting on disk for PostgreSQL. Growing between the two metric samples
/// (<c>mik_audit_spool_bytes</c>) or nearly full fails; waiting warns; an empty spool is ok.
/// </summary>
internal sealed class AuditSpoolCheck : ICheck
{
    private const string Metric = "mik_audit_spool_bytes";

    public string Id => "audit.spool";

    public string Title => "no audit events pile up in the spool";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (StoreEvidence.Read(this, evidence, out var skip) is not { } report)
        {
            yield return skip!;
            yield break;
        }
        var spool = report.Spool;
        var start = Sample(evidence.Text("metrics/start.prom"));
        var end = Sample(evidence.Text("metrics/end.prom"));
        List<string> lines = [$"{spool.Path}: {spool.Files} file(s), {spool.Bytes} bytes, {spool.PendingBytes} waiting, at most {spool.MaxBytes}"];
        if (start is { } s && end is { } e) lines.Add($"{Metric}: {s} at the start, {e} at the end");
        const string fix = "Bring PostgreSQL back (see event_store.reachable: systemctl start postgresql, or correct database.url); " +
            "mik replays the spool into the store by itself, and the spool drains; mik db status checks the connection";
        if (spool.MaxBytes > 0 && spool.Bytes * 10 >= spool.MaxBytes * 9)
        {
            yield return new CheckResult(Id, Title, Verdict.Fail,
                $"the audit spool is {spool.Bytes * 100 / spool.MaxBytes}% full: when full, newer events are refused", lines,
                fix + "; or raise state.audit_spool_max_mb and free disk space");
            yield break;
        }
        if (start is { } a && end is { } b && b > a)
        {
            yield return new CheckResult(Id, Title, Verdict.Fail, $"the audit spool grew by {b - a:0} bytes during the run: events are not reaching PostgreSQL", lines, fix);
            yield break;
        }
        // The second sample is the latest word: a spool that the running mik replayed while the doctor looked is empty.
        if (end is 0)
        {
            var drained = start is > 0 ? $"the audit spool drained during the run ({start:0} bytes at the start, none at the end)" : "nothing waits in the audit spool";
            yield return new CheckResult(Id, Title, Verdict.Ok, drained, lines);
            yield break;
        }
        if (spool.PendingBytes > 0)
        {
            yield return new CheckResult(Id, Title, Verdict.Warn, $"{spool.PendingBytes} bytes of audit events wait in the spool for PostgreSQL", lines, fix);
            yield break;
        }
        yield return new CheckResult(Id, Title, Verdict.Ok, "nothing waits in the audit spool", lines);
    }

    private static double? Sample(string? prometheus)
    {
        if (prometheus is null) return null;
        foreach (var line in prometheus.Split('\n'))
        {
            if (!line.StartsWith(Metric + " ", StringComparison.Ordinal)) continue;
            if (double.TryParse(line[(Metric.Length + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        }
        return null;
    }
}
