using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Data.Store;
using static Mik.Durable.Diagnostics.Tests.Data.DataTestSupport;

namespace Mik.Durable.Diagnostics.Tests.Data;

public sealed class AuditSpoolCheckTests
{
    private static EventStoreReport Store(long bytes, long pending, long max = 256L * 1024 * 1024) =>
        new(false, "connection refused", "mik", null, [], [], [], new SpoolReport("/var/lib/mik/audit-spool", bytes > 0 ? 2 : 0, bytes, pending, max));

    [Fact]
    public void A_spool_that_grew_between_the_two_metric_samples_fails()
    {
        var result = Single(new AuditSpoolCheck(), EvidenceOf(("event_store.json", Store(4000, 4000)),
            ("metrics/start.prom", "# TYPE mik_audit_spool_bytes gauge\nmik_audit_spool_bytes 1200\n"),
            ("metrics/end.prom", "mik_audit_spool_bytes 4000\n")));

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("grew by 2800 bytes", result.Reason, StringComparison.Ordinal);
        Assert.Contains("mik_audit_spool_bytes: 1200 at the start, 4000 at the end", result.Evidence);
    }

    [Fact]
    public void A_spool_the_running_mik_replayed_while_the_doctor_looked_is_ok()
    {
        // The files were read while 837 bytes still waited; the later metric sample shows them replayed.
        var result = Single(new AuditSpoolCheck(), EvidenceOf(("event_store.json", Store(837, 837)),
            ("metrics/start.prom", "mik_audit_spool_bytes 837\n"),
            ("metrics/end.prom", "mik_audit_spool_bytes 0\n")));

        Assert.Equal(Verdict.Ok, result.Verdict);
        Assert.Contains("drained during the run", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nearly_full_spool_fails_and_one_with_events_waiting_warns()
    {
        Assert.Equal(Verdict.Fail, Single(new AuditSpoolCheck(), EvidenceOf(("event_store.json", Store(950, 950, 1000)))).Verdict);
        var waiting = Single(new AuditSpoolCheck(), EvidenceOf(("event_store.json", Store(500, 300))));
        Assert.Equal(Verdict.Warn, waiting.Verdict);
        Assert.Contains("PostgreSQL", waiting.Resolution, StringComparison.Ordinal);
        Assert.Equal(Verdict.Ok, Single(new AuditSpoolCheck(), EvidenceOf(("event_store.json", Store(0, 0)))).Verdict);
    }

    [Fact]
    public void An_edited_applied_migration_fails_event_store_migrated()
    {
        var report = new EventStoreReport(true, null, "mik", false, ["0001.sql"], [], ["0002.sql"], new SpoolReport("/s", 0, 0, 0, 1));
        var result = Single(new EventStoreMigratedCheck(), EvidenceOf(("event_store.json", report)));
        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Contains("0002.sql", result.Reason, StringComparison.Ordinal);
    }
}
