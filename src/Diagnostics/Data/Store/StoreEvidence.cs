using Mik.Durable.Diagnostics.Checks;

namespace Mik.Durable.Diagnostics.Data.Store;

/// <summary>Reading <c>event_store.json</c> for a check: the report, or the <c>skip</c> that says why there is none.</summary>
internal static class StoreEvidence
{
    public static EventStoreReport? Read(ICheck check, Evidence evidence, out CheckResult? skip)
    {
        var report = evidence.Read<EventStoreReport>(DataFiles.EventStore);
        skip = report is null ? DataEvidence.Missing(check, evidence, "event_store", DataFiles.EventStore) : null;
        return report;
    }
}
