using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Data.Store;

/// <summary><c>event_store.reachable</c>: PostgreSQL, where mik keeps its audit trail, answers.</summary>
internal sealed class EventStoreReachableCheck : ICheck
{
    public string Id => "event_store.reachable";

    public string Title => "the event store (PostgreSQL) answers";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (StoreEvidence.Read(this, evidence, out var skip) is not { } report)
        {
            yield return skip!;
            yield break;
        }
        if (report.Reachable)
        {
            yield return new CheckResult(Id, Title, Verdict.Ok, $"PostgreSQL answers (schema {report.Schema})", []);
            yield break;
        }
        if (report is { Embedded: true, MikRunning: false })
        {
            yield return new CheckResult(Id, Title, Verdict.Skip,
                "mik is not running, and its embedded PostgreSQL runs only while mik serve does (see process.running)", []);
            yield break;
        }
        yield return new CheckResult(Id, Title, Verdict.Fail, $"PostgreSQL cannot be reached: {report.Reason}",
            [$"{DataFiles.EventStore}: reachable false, reason: {report.Reason}", $"audit spool: {report.Spool.PendingBytes} bytes waiting in {report.Spool.Path}"],
            "Start PostgreSQL (systemctl start postgresql) or correct database.url / MIK_DATABASE_URL; with the embedded PostgreSQL, " +
            "systemctl start mik starts it. Meanwhile mik keeps serving and keeps audit events in the spool; mik db status checks the connection");
    }
}
