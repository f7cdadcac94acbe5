using Mik.Durable.Api.Cli;
using Mik.Durable.Api.Tests.Support;

namespace Mik.Durable.Api.Tests.EventStore;

/// <summary><c>mik db status|migrate</c> through the CLI entry point, against the test PostgreSQL.</summary>
public sealed class DbCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mik-db-cli-").FullName;
    private readonly string _schema = TestDatabase.NewSchema();

    private string Config(string url, string? schema = null)
    {
        var path = Path.Combine(_dir, "mik.toml");
        File.WriteAllText(path, $"[database]\nurl = \"{url}\"\nschema = \"{schema ?? _schema}\"\n[state]\ndir = \"state\"\n");
        return path;
    }

    private static async Task<(int Exit, string Out, string Err)> MikAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await MikCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Status_fails_while_migrations_are_pending_and_passes_after_migrate()
    {
        var config = Config(TestDatabase.ConnectionString);

        var before = await MikAsync("db", "status", "--config", config);
        Assert.Equal(ExitCodes.Failure, before.Exit);
        Assert.Matches(@"pending\s+0001_initial\.sql", before.Out);
        Assert.Contains("not up to date: 3 pending migration(s); run `mik db migrate`", before.Out);

        var migrate = await MikAsync("db", "migrate", "--config", config);
        Assert.Equal(ExitCodes.Ok, migrate.Exit);
        Assert.Contains("applied 0001_initial.sql\napplied 0002_audit_indexes.sql\napplied 0003_module_bytes.sql\n", migrate.Out);

        var after = await MikAsync("db", "status", "--config", config);
        Assert.Equal(ExitCodes.Ok, after.Exit);
        Assert.Matches(@"applied\s+0002_audit_indexes\.sql\s+\d{4}-\d\d-\d\d ", after.Out);
        Assert.Contains("marten: the database matches this mik's configuration", after.Out);
        Assert.EndsWith("up to date\n", after.Out);
        Assert.Equal("", after.Err);
    }

    [Fact]
    public async Task Migrate_again_says_up_to_date()
    {
        var config = Config(TestDatabase.ConnectionString);
        await MikAsync("db", "migrate", "--config", config);

        var again = await MikAsync("db", "migrate", "--config", config);

        Assert.Equal(ExitCodes.Ok, again.Exit);
        Assert.DoesNotContain("applied", again.Out);
        Assert.EndsWith("is up to date\n", again.Out);
    }

    [Fact]
    public async Task An_applied_migration_that_changed_fails_status_and_migrate_by_name()
    {
        var config = Config(TestDatabase.ConnectionString);
        await MikAsync("db", "migrate", "--config", config);
        await Sql.ScalarAsync($"UPDATE {_schema}.mik_migrations SET sha256 = 'edited' WHERE name = '0002_audit_indexes.sql'");

        var status = await MikAsync("db", "status", "--config", config);
        Assert.Equal(ExitCodes.Failure, status.Exit);
        Assert.Matches(@"changed\s+0002_audit_indexes\.sql", status.Out);

        var migrate = await MikAsync("db", "migrate", "--config", config);
        Assert.Equal(ExitCodes.Failure, migrate.Exit);
        Assert.StartsWith("mik: migration 0002_audit_indexes.sql differs from the one applied", migrate.Err);
        Assert.Single(migrate.Err.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("migrate")]
    public async Task An_unreachable_database_is_exit_1_with_one_line_and_no_password(string verb)
    {
        var port = FreePort.Next();
        var config = Config($"postgres://mik:s3cret-pw@127.0.0.1:{port}/mik?Timeout=2");

        var result = await MikAsync("db", verb, "--config", config);

        Assert.Equal(ExitCodes.Failure, result.Exit);
        Assert.Equal($"mik: cannot reach PostgreSQL at 127.0.0.1:{port}/mik: Connection refused\n", result.Err);
        Assert.DoesNotContain("s3cret", result.Out + result.Err);
    }

    [Fact]
    public async Task A_bad_configuration_is_exit_1_and_the_patch_verb_stays_out_of_the_help()
    {
        var badFile = Path.Combine(_dir, "bad.toml");
        await File.WriteAllTextAsync(badFile, "[server]\nport = \"abc\"\n", TestContext.Current.CancellationToken);
        var bad = await MikAsync("db", "status", "--config", badFile);
        Assert.Equal(ExitCodes.Failure, bad.Exit);
        Assert.Contains("server.port", bad.Err);

        // A --config that names no usable file is a usage error, as for `serve`.
        var missing = await MikAsync("db", "status", "--config", Path.Combine(_dir, "missing.toml"));
        Assert.Equal(ExitCodes.Usage, missing.Exit);
        Assert.Contains("--config", missing.Err);
        Assert.Contains("file not found", missing.Err);

        var help = await MikAsync("db", "--help");
        Assert.Equal(ExitCodes.Ok, help.Exit);
        Assert.Contains("migrate", help.Out);
        Assert.DoesNotContain("patch", help.Out);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
