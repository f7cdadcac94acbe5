using Mik.Durable.Api.EventStore.Migrations;
using Mik.Durable.Api.Tests.Support;
using Npgsql;

namespace Mik.Durable.Api.Tests.EventStore;

/// <summary>The hand-written indexes of 0002_audit_indexes.sql, which Marten neither creates nor checks.</summary>
public sealed class AuditIndexTests
{
    private readonly string _schema = TestDatabase.NewSchema();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrate_creates_the_timestamp_index_and_the_unique_event_id_index()
    {
        await new MigrationRunner(TestDatabase.ConnectionString, _schema).ApplyAsync(Ct);

        var definitions = await Sql.ColumnAsync(
            "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = @s AND tablename = 'mt_events'", ("s", _schema));

        Assert.Contains(definitions, d => d.StartsWith("idx_mt_events_timestamp: CREATE INDEX", StringComparison.Ordinal) && d.EndsWith("(\"timestamp\")", StringComparison.Ordinal));
        Assert.Contains(definitions, d => d.StartsWith("ux_mt_events_id: CREATE UNIQUE INDEX", StringComparison.Ordinal) && d.EndsWith("(id)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_event_id_can_be_stored_only_once()
    {
        await new MigrationRunner(TestDatabase.ConnectionString, _schema).ApplyAsync(Ct);
        var id = Guid.NewGuid();
        var insert = $"INSERT INTO {_schema}.mt_events (seq_id, id, stream_id, version, data, type) VALUES (@seq, @id, 'module:x', @seq, '{{}}', 'module_deployed')";
        await Sql.ScalarAsync($"INSERT INTO {_schema}.mt_streams (id) VALUES ('module:x')");
        await Sql.ScalarAsync(insert, ("seq", 1L), ("id", id));

        var e = await Assert.ThrowsAsync<PostgresException>(() => Sql.ScalarAsync(insert, ("seq", 2L), ("id", id)));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
        Assert.Equal("ux_mt_events_id", e.ConstraintName);
    }
}
