using Mik.Durable.Api.EventStore.Migrations;
using Mik.Durable.Api.Tests.Support;

namespace Mik.Durable.Api.Tests.EventStore;

/// <summary>The runner with small made-up migrations, on a schema of its own per test.</summary>
public sealed class MigrationRunnerTests
{
    private readonly string _schema = TestDatabase.NewSchema();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // 0002 references 0001's table, so it fails unless the two run in name order.
    private static readonly Migration First = new("0001_a.sql", "CREATE TABLE __mik_schema__.a (id int PRIMARY KEY);");
    private static readonly Migration Second = new("0002_b.sql", "CREATE TABLE __mik_schema__.b (a int REFERENCES __mik_schema__.a (id));");

    private MigrationRunner Runner(params Migration[] migrations) => new(TestDatabase.ConnectionString, _schema, migrations);

    private Task<List<string>> HistoryAsync() =>
        Sql.ColumnAsync($"SELECT name || ' ' || sha256 FROM {_schema}.mik_migrations ORDER BY applied_at, name");

    [Fact]
    public async Task Pending_files_are_applied_in_name_order_and_recorded_with_their_sha256()
    {
        var applied = await Runner(Second, First).ApplyAsync(Ct);

        Assert.Equal(["0001_a.sql", "0002_b.sql"], applied);
        Assert.Equal([$"0001_a.sql {First.Sha256}", $"0002_b.sql {Second.Sha256}"], await HistoryAsync());
        Assert.Equal(true, await Sql.ScalarAsync($"SELECT to_regclass('{_schema}.b') IS NOT NULL"));
    }

    [Fact]
    public async Task A_second_run_applies_nothing_and_a_later_file_alone()
    {
        await Runner(First, Second).ApplyAsync(Ct);

        Assert.Empty(await Runner(First, Second).ApplyAsync(Ct));
        var third = new Migration("0003_c.sql", "ALTER TABLE __mik_schema__.a ADD COLUMN c text;");
        Assert.Equal(["0003_c.sql"], await Runner(First, Second, third).ApplyAsync(Ct));
        Assert.Equal(3, (await HistoryAsync()).Count);
    }

    [Fact]
    public async Task A_file_changed_after_it_was_applied_is_refused_by_name_and_nothing_else_is_applied()
    {
        await Runner(First).ApplyAsync(Ct);
        var edited = First with { Text = First.Text + "\n-- tweaked" };

        var e = await Assert.ThrowsAsync<MigrationException>(() => Runner(edited, Second).ApplyAsync(Ct));

        Assert.Contains("0001_a.sql", e.Message);
        Assert.Contains("must not change", e.Message);
        Assert.Single(await HistoryAsync());
        var status = await Runner(edited, Second).ReadStatusAsync(Ct);
        Assert.Equal([MigrationState.Changed, MigrationState.Pending], status.Select(s => s.State));
    }

    [Fact]
    public async Task Runners_started_together_apply_each_file_once()
    {
        // The sleep keeps the first runner inside its transaction while the others arrive; CREATE TABLE
        // without IF NOT EXISTS would fail a second application.
        var slow = First with { Text = "SELECT pg_sleep(0.5);\n" + First.Text };

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner(slow, Second).ApplyAsync(Ct), Ct)));

        Assert.Equal(["0001_a.sql", "0002_b.sql"], results.SelectMany(r => r).Order());
        Assert.Equal(2, (await HistoryAsync()).Count);
    }

    [Fact]
    public async Task A_failing_file_is_rolled_back_not_recorded_and_named()
    {
        var broken = new Migration("0002_broken.sql", "CREATE TABLE __mik_schema__.half (id int);\nSELECT 1/0;");

        var e = await Assert.ThrowsAsync<MigrationException>(() => Runner(First, broken).ApplyAsync(Ct));

        Assert.Contains("0002_broken.sql", e.Message);
        Assert.Contains("22012", e.Message);
        Assert.Equal([$"0001_a.sql {First.Sha256}"], await HistoryAsync());
        Assert.Equal(false, await Sql.ScalarAsync($"SELECT to_regclass('{_schema}.half') IS NOT NULL"));
    }

    [Fact]
    public async Task Status_changes_nothing_and_lists_recorded_files_this_mik_does_not_ship()
    {
        var fresh = await Runner(First, Second).ReadStatusAsync(Ct);
        Assert.Equal([MigrationState.Pending, MigrationState.Pending], fresh.Select(s => s.State));
        Assert.Equal(false, await Sql.ScalarAsync("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @s)", ("s", _schema)));

        await Runner(First, Second).ApplyAsync(Ct);
        var older = await Runner(First).ReadStatusAsync(Ct);
        Assert.Equal([("0001_a.sql", MigrationState.Applied), ("0002_b.sql", MigrationState.Unknown)],
            older.Select(s => (s.Name, s.State)));
    }

    [Fact]
    public void The_placeholder_becomes_the_schema_and_only_identifiers_are_accepted()
    {
        Assert.Equal("CREATE TABLE audit.a (id int PRIMARY KEY);", First.SqlFor("audit"));
        Assert.Throws<ArgumentException>(() => First.SqlFor("mik; DROP TABLE x"));
        Assert.Throws<ArgumentException>(() => new MigrationRunner(TestDatabase.ConnectionString, "Mik", [First]));
    }
}
