using Mik.Durable.Diagnostics.Checks;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Diagnostics.Data.Store;
using static Mik.Durable.Diagnostics.Tests.Data.DataTestSupport;

namespace Mik.Durable.Diagnostics.Tests.Data;

public sealed class EventStoreCollectorTests
{
    [Fact]
    public async Task A_store_where_nothing_listens_is_unreachable_with_a_reason_that_holds_no_password_and_the_spool_is_still_counted()
    {
        var root = TempDir();
        var spool = Path.Combine(root, "state", "audit-spool");
        Directory.CreateDirectory(spool);
        await File.WriteAllTextAsync(Path.Combine(spool, "events.jsonl"), "{\"a\":1}\n{\"b\":2}\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(spool, "cursor"), "8", Ct);
        var config = Config(root);
        config.Database.Url = "postgres://mik:canary-pw@127.0.0.1:1/mik";
        var context = Context(config, store: _ => Task.FromResult<string?>("Host=127.0.0.1;Port=1;Username=mik;Password=canary-pw;Database=mik"));

        var evidence = await CollectAsync(new EventStoreCollector(), context);

        Assert.Equal(CollectorStatus.Ok, evidence.Collector("event_store")!.Status);
        Assert.DoesNotContain("canary", evidence.Text("event_store.json"), StringComparison.Ordinal);
        var report = evidence.Read<EventStoreReport>("event_store.json")!;
        Assert.False(report.Reachable);
        Assert.Null(report.Migrated);
        Assert.Equal((2, 17L, 8L), (report.Spool.Files, report.Spool.Bytes, report.Spool.PendingBytes));
        var reachable = Single(new EventStoreReachableCheck(), evidence);
        Assert.Equal(Verdict.Fail, reachable.Verdict);
        Assert.Contains("systemctl start postgresql", reachable.Resolution, StringComparison.Ordinal);
        Assert.Equal(Verdict.Skip, Single(new EventStoreMigratedCheck(), evidence).Verdict);
        Assert.Equal(Verdict.Warn, Single(new AuditSpoolCheck(), evidence).Verdict);
    }

    [Fact]
    public async Task A_connection_string_the_driver_cannot_read_is_unreachable_without_quoting_it()
    {
        var context = Context(Config(TempDir()), store: _ => Task.FromResult<string?>("Host=x;Pasword=canary-pw;;=="));

        var evidence = await CollectAsync(new EventStoreCollector(), context);

        var report = evidence.Read<EventStoreReport>("event_store.json")!;
        Assert.False(report.Reachable);
        Assert.DoesNotContain("canary", evidence.Text("event_store.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stopped_embedded_store_of_a_stopped_mik_is_no_finding_but_a_configured_one_that_is_away_fails()
    {
        var evidence = await CollectAsync(new EventStoreCollector(), Context(Config(TempDir())));

        var report = evidence.Read<EventStoreReport>("event_store.json")!;
        Assert.Equal((false, "the embedded PostgreSQL is not running (it runs while mik serve does)"), (report.Reachable, report.Reason));
        Assert.Equal((true, false), (report.Embedded, report.MikRunning));
        var reachable = Single(new EventStoreReachableCheck(), evidence);
        Assert.Equal(Verdict.Skip, reachable.Verdict);
        Assert.Contains("embedded PostgreSQL runs only while mik serve does", reachable.Reason, StringComparison.Ordinal);
        Assert.Equal(Verdict.Ok, Single(new AuditSpoolCheck(), evidence).Verdict);

        var running = new EventStoreReport(false, "the embedded PostgreSQL is not running", "mik", null, [], [], [], report.Spool, Embedded: true, MikRunning: true);
        Assert.Equal(Verdict.Fail, Single(new EventStoreReachableCheck(), EvidenceOf(("event_store.json", running))).Verdict);
    }

    [Fact]
    public async Task A_reachable_store_lists_applied_and_pending_migrations_and_migrated_fails_until_all_are_applied()
    {
        var schema = TestStore.NewSchema();
        await TestStore.ExecuteAsync($"CREATE SCHEMA {schema}; CREATE TABLE {schema}.mik_migrations (name text PRIMARY KEY, sha256 text NOT NULL, " +
            $"applied_at timestamptz NOT NULL DEFAULT now()); INSERT INTO {schema}.mik_migrations (name, sha256) VALUES ('0001_init.sql', 'aaa');");
        var config = Config(TempDir());
        config.Database.Schema = schema;
        var shipped = new Dictionary<string, string> { ["0001_init.sql"] = "aaa", ["0002_more.sql"] = "bbb" };

        var evidence = await CollectAsync(new EventStoreCollector(),
            Context(config, store: _ => Task.FromResult<string?>(TestStore.ConnectionString), migrations: shipped));

        var report = evidence.Read<EventStoreReport>("event_store.json")!;
        Assert.True(report.Reachable);
        Assert.False(report.Migrated);
        Assert.Equal(["0001_init.sql"], report.Applied);
        Assert.Equal(["0002_more.sql"], report.Pending);
        Assert.Equal(Verdict.Ok, Single(new EventStoreReachableCheck(), evidence).Verdict);
        var migrated = Single(new EventStoreMigratedCheck(), evidence);
        Assert.Equal(Verdict.Fail, migrated.Verdict);
        Assert.Contains("mik db migrate", migrated.Resolution, StringComparison.Ordinal);

        await TestStore.ExecuteAsync($"INSERT INTO {schema}.mik_migrations (name, sha256) VALUES ('0002_more.sql', 'bbb');");
        var after = await CollectAsync(new EventStoreCollector(),
            Context(config, store: _ => Task.FromResult<string?>(TestStore.ConnectionString), migrations: shipped));
        Assert.Equal(Verdict.Ok, Single(new EventStoreMigratedCheck(), after).Verdict);
    }
}
