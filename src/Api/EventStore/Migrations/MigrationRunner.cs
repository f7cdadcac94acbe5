using Npgsql;

namespace Mik.Durable.Api.EventStore.Migrations;

/// <summary>
/// Applies the shipped migrations that <c>&lt;schema&gt;.mik_migrations</c> does not list yet, in name order, each
/// in its own transaction together with its history row, under <see cref="MigrationLock"/>.
/// </summary>
internal sealed class MigrationRunner(string connectionString, string schema, IReadOnlyList<Migration> migrations)
{
    public const string HistoryTable = "mik_migrations";

    private readonly string _schema = SchemaName.Require(schema);
    private readonly IReadOnlyList<Migration> _migrations = [.. migrations.OrderBy(m => m.Name, StringComparer.Ordinal)];

    public MigrationRunner(string connectionString, string schema) : this(connectionString, schema, EmbeddedMigrations.All)
    {
    }

    /// <summary>How long to wait for another mik that is applying migrations to the same schema.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Applies what is pending; returns the names applied (empty when the schema was up to date).</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var held = await MigrationLock.AcquireAsync(connection, _schema, LockTimeout, Time, cancellationToken);
        await EnsureHistoryTableAsync(connection, cancellationToken);
        var history = await ReadHistoryAsync(connection, cancellationToken);
        // Checked for every file before anything is applied, so an edited release never half-applies.
        foreach (var migration in _migrations)
        {
            if (history.TryGetValue(migration.Name, out var recorded) && recorded.Sha256 != migration.Sha256)
                throw new MigrationException(
                    $"migration {migration.Name} differs from the one applied to schema {_schema} on {recorded.AppliedAt:u} " +
                    $"(sha256 {Abbreviate(migration.Sha256)} in this mik, {Abbreviate(recorded.Sha256)} recorded); " +
                    "an applied migration must not change: restore it and add a new numbered file instead");
        }

        var applied = new List<string>();
        foreach (var migration in _migrations.Where(m => !history.ContainsKey(m.Name)))
        {
            await ApplyOneAsync(connection, migration, cancellationToken);
            applied.Add(migration.Name);
        }
        return applied;
    }

    /// <summary>Reads the state of every migration without changing anything (the schema may not exist yet).</summary>
    public async Task<IReadOnlyList<MigrationEntry>> ReadStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("table", $"{_schema}.{HistoryTable}");
        var history = await exists.ExecuteScalarAsync(cancellationToken) is true
            ? await ReadHistoryAsync(connection, cancellationToken)
            : [];

        var entries = _migrations.Select(m => history.TryGetValue(m.Name, out var recorded)
                ? new MigrationEntry(m.Name, recorded.Sha256 == m.Sha256 ? MigrationState.Applied : MigrationState.Changed, recorded.AppliedAt)
                : new MigrationEntry(m.Name, MigrationState.Pending, null))
            .Concat(history.Where(h => _migrations.All(m => m.Name != h.Key))
                .Select(h => new MigrationEntry(h.Key, MigrationState.Unknown, h.Value.AppliedAt)));
        return [.. entries.OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    private static string Abbreviate(string sha256) => sha256.Length > 12 ? sha256[..12] + "…" : sha256;

    private async Task EnsureHistoryTableAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // CREATE SCHEMA IF NOT EXISTS still needs the CREATE privilege on the database; a role that was given
        // an existing schema by its DBA must not need it.
        await using var command = new NpgsqlCommand(
            $"""
             DO $$ BEGIN
               IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{_schema}') THEN CREATE SCHEMA {_schema}; END IF;
             END $$;
             CREATE TABLE IF NOT EXISTS {_schema}.{HistoryTable} (
               name text PRIMARY KEY,
               sha256 text NOT NULL,
               applied_at timestamptz NOT NULL DEFAULT now());
             """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<Dictionary<string, (string Sha256, DateTimeOffset AppliedAt)>> ReadHistoryAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT name, sha256, applied_at FROM {_schema}.{HistoryTable}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var history = new Dictionary<string, (string, DateTimeOffset)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            history[reader.GetString(0)] = (reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
        return history;
    }

    private async Task ApplyOneAsync(NpgsqlConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            // No command timeout: an index build on a large mt_events may take minutes, and a timed-out attempt
            // would roll back and start over at every start-up.
            await using (var command = new NpgsqlCommand(migration.SqlFor(_schema), connection, transaction) { CommandTimeout = 0 })
                await command.ExecuteNonQueryAsync(cancellationToken);
            await using var record = new NpgsqlCommand(
                $"INSERT INTO {_schema}.{HistoryTable} (name, sha256, applied_at) VALUES (@name, @sha256, now())", connection, transaction);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("sha256", migration.Sha256);
            await record.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            throw new MigrationException($"migration {migration.Name} failed and was rolled back: {e.SqlState}: {e.MessageText}", e);
        }
    }
}
