using Mik.Durable.Api.EventStore.Migrations;
using Mik.Durable.Api.Tests.Support;

namespace Mik.Durable.Api.Tests.EventStore;

/// <summary>
/// The committed <c>migrations/</c> against the code's Marten configuration (docs/operations.md): fails when
/// MikStoreOptions changes without a regenerated or new migration (scripts/db-patch.sh).
/// </summary>
public sealed class SchemaDriftTests
{
    private readonly string _schema = TestDatabase.NewSchema();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_committed_migrations_build_exactly_the_schema_Marten_expects()
    {
        var applied = await new MigrationRunner(TestDatabase.ConnectionString, _schema).ApplyAsync(Ct);
        Assert.Equal(EmbeddedMigrations.All.Select(m => m.Name), applied);

        var differences = await MartenSchemaCheck.FindDifferencesAsync(TestDatabase.ConnectionString, _schema, Ct);

        Assert.True(differences is null,
            "MikStoreOptions and migrations/ disagree; run scripts/db-patch.sh (see docs/operations.md). Marten would run:\n" + differences);
    }

    [Fact]
    public async Task The_check_notices_a_schema_that_differs()
    {
        await new MigrationRunner(TestDatabase.ConnectionString, _schema).ApplyAsync(Ct);
        await Sql.ScalarAsync($"DROP INDEX {_schema}.idx_mt_events_event_type_seq_id");

        var differences = await MartenSchemaCheck.FindDifferencesAsync(TestDatabase.ConnectionString, _schema, Ct);

        Assert.NotNull(differences);
        Assert.Contains("idx_mt_events_event_type_seq_id", differences);
    }

    [Fact]
    public async Task The_patch_tool_finds_nothing_to_add_after_the_committed_migrations()
    {
        var next = Path.Combine(Path.GetTempPath(), "mik-drift-" + Guid.NewGuid().ToString("N")[..8], "9999_next.sql");
        Directory.CreateDirectory(Path.GetDirectoryName(next)!);
        try
        {
            Assert.False(await SchemaPatch.WriteAsync(TestDatabase.ConnectionString, next, Ct), File.Exists(next) ? File.ReadAllText(next) : "");
            Assert.False(File.Exists(next));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(next)!, recursive: true);
        }
    }

    [Fact]
    public void Every_file_of_migrations_is_shipped_unchanged_and_written_against_the_placeholder()
    {
        var folder = Path.Combine(RepositoryRoot(), "migrations");
        var files = Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(files.Select(Path.GetFileName), EmbeddedMigrations.All.Select(m => m.Name));
        foreach (var (file, migration) in files.Zip(EmbeddedMigrations.All))
        {
            Assert.Equal(File.ReadAllText(file), migration.Text);
            Assert.Contains(Migration.SchemaPlaceholder + ".", migration.Text);
            Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", migration.Name);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mik.Durable.sln"))) return dir.FullName;
        throw new InvalidOperationException("Mik.Durable.sln not found above " + AppContext.BaseDirectory);
    }
}
