using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Data.Store;

/// <summary><c>event_store.migrated</c>: mik's schema has every migration this mik ships, none of them edited.</summary>
internal sealed class EventStoreMigratedCheck : ICheck
{
    public string Id => "event_store.migrated";

    public string Title => "the event store schema has every shipped migration";

    public IEnumerable<CheckResult> Run(Evidence evidence)
    {
        if (StoreEvidence.Read(this, evidence, out var skip) is not { } report)
        {
            yield return skip!;
            yield break;
        }
        if (!report.Reachable || report.Migrated is null)
        {
            yield return new CheckResult(Id, Title, Verdict.Skip, $"PostgreSQL could not be asked: {report.Reason}", []);
            yield break;
        }
        if (report.Changed.Count > 0)
        {
            yield return new CheckResult(Id, Title, Verdict.Fail,
                $"applied migration(s) differ from the ones this mik ships: {string.Join(", ", report.Changed)}",
                [.. report.Changed.Select(n => $"{n}: changed")],
                "An applied migration must not change: run the mik version that applied them, or restore the schema from a backup; mik db status lists them");
            yield break;
        }
        if (report.Pending.Count > 0 || report.Migrated == false)
        {
            yield return new CheckResult(Id, Title, Verdict.Fail,
                $"schema {report.Schema} is not migrated: {report.Pending.Count} pending migration(s)",
                [.. report.Pending.Select(n => $"{n}: pending")],
                "mik db migrate (mik serve also applies them at start: systemctl restart mik)");
            yield break;
        }
        yield return new CheckResult(Id, Title, Verdict.Ok, $"schema {report.Schema} has all {report.Applied.Count} migration(s)", []);
    }
}
