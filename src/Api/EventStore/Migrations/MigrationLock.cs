using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Mik.Durable.Api.EventStore.Migrations;

/// <summary>
/// A session-level PostgreSQL advisory lock per schema, held while migrations are checked and applied, so two
/// mik processes starting together never apply the same file twice. It is released explicitly because a pooled
/// connection would otherwise keep it after being returned to the pool.
/// </summary>
internal sealed class MigrationLock : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private MigrationLock(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>
    /// Derived from the schema name: different schemas (tests, several installations in one database) migrate
    /// independently. A 64-bit hash keeps clear of the small lock ids Marten's daemon uses.
    /// </summary>
    public static long KeyFor(string schema) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("mik.migrations:" + schema)));

    public static async Task<MigrationLock> AcquireAsync(NpgsqlConnection connection, string schema, TimeSpan timeout,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var key = KeyFor(schema);
        var started = time.GetTimestamp();
        // Polled rather than a blocking pg_advisory_lock so that a holder that hangs turns into a clear error
        // here instead of a command that never returns.
        while (true)
        {
            await using (var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
            {
                command.Parameters.AddWithValue("key", key);
                if (await command.ExecuteScalarAsync(cancellationToken) is true) return new MigrationLock(connection, key);
            }
            if (time.GetElapsedTime(started) > timeout)
                throw new MigrationException(
                    $"another mik has been applying migrations to schema {schema} for over {timeout.TotalSeconds:0} s (advisory lock {key} is held)");
            await Task.Delay(Poll, time, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.FullState != System.Data.ConnectionState.Open) return;
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
            command.Parameters.AddWithValue("key", _key);
            await command.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The session is broken, and PostgreSQL releases a session's locks when it ends.
        }
    }
}
