using System.Security.Cryptography;
using Marten;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Configuration;
using Npgsql;

namespace Mik.Durable.Api.ModuleChanges;

/// <summary>
/// Module bytes and kept versions in PostgreSQL (<c>mik_module_bytes</c>, <c>mik_module_versions</c>,
/// migrations/0003_module_bytes.sql). Writes are queued into the session that appends the <c>ModuleDeployed</c>, so
/// bytes, version row, pruning and the notification commit with the event or not at all.
/// </summary>
internal sealed class ModuleBytesStore(EventStoreConnection connection, MikConfig config)
{
    private readonly string _schema = config.Database.Schema;

    /// <summary>The <c>LISTEN</c> channel of this cluster: the schema is in it, so two clusters in one database never wake each other.</summary>
    public string Channel => "mik_modules_" + _schema;

    /// <summary>
    /// Queues what a deployment writes besides its event: the bytes (none for a rollback, whose bytes are kept), the
    /// version row, the deletion of versions past <c>keep_versions</c> and of bytes no version uses any more, and the
    /// notification that wakes every instance.
    /// </summary>
    public void QueueDeployment(IDocumentSession session, ModuleDeployed deployed, byte[]? bytes)
    {
        if (bytes is not null)
        {
            session.QueueSqlCommand(
                $"insert into {_schema}.mik_module_bytes (sha256, size_bytes, bytes) values (?, ?, ?) on conflict (sha256) do nothing",
                deployed.Sha256, bytes.LongLength, bytes);
        }
        session.QueueSqlCommand(
            $"insert into {_schema}.mik_module_versions (module, version, sha256, source, deployed_at) values (?, ?, ?, ?, ?)",
            deployed.Module, deployed.Version, deployed.Sha256, deployed.Source, deployed.At);
        session.QueueSqlCommand(
            $"delete from {_schema}.mik_module_versions where module = ? and version <= ?",
            deployed.Module, deployed.Version - config.Cluster.KeepVersions);
        QueuePrune(session);
        QueueNotify(session, deployed.Module);
    }

    /// <summary>A removal keeps the versions (a rollback can bring one back) and wakes every instance.</summary>
    public void QueueRemoval(IDocumentSession session, string module) => QueueNotify(session, module);

    private void QueuePrune(IDocumentSession session) =>
        session.QueueSqlCommand(
            $"delete from {_schema}.mik_module_bytes b where not exists "
            + $"(select 1 from {_schema}.mik_module_versions v where v.sha256 = b.sha256)");

    private void QueueNotify(IDocumentSession session, string module) =>
        session.QueueSqlCommand("select pg_notify(?, ?)", Channel, module);

    /// <summary>
    /// The bytes stored for <paramref name="sha256"/>, or null when none are kept. Bytes that do not hash to
    /// <paramref name="sha256"/> throw <see cref="ModuleBytesMismatchException"/>: they are never served.
    /// </summary>
    public async Task<byte[]?> FetchAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var db = new NpgsqlConnection(connection.ConnectionString);
        await db.OpenAsync(cancellationToken);
        await using var read = new NpgsqlCommand($"select bytes from {_schema}.mik_module_bytes where sha256 = $1", db);
        read.Parameters.AddWithValue(sha256);
        if (await read.ExecuteScalarAsync(cancellationToken) is not byte[] bytes) return null;
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != sha256) throw new ModuleBytesMismatchException(sha256);
        return bytes;
    }

    /// <summary>Whether the store keeps bytes for <paramref name="sha256"/>.</summary>
    public async Task<bool> HoldsAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var db = new NpgsqlConnection(connection.ConnectionString);
        await db.OpenAsync(cancellationToken);
        await using var read = new NpgsqlCommand($"select exists (select 1 from {_schema}.mik_module_bytes where sha256 = $1)", db);
        read.Parameters.AddWithValue(sha256);
        return await read.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>
    /// Stores the bytes of a version an instance serves whose deployment predates the bytes in the store (source
    /// <c>backfill</c>), with its kept-version row; false when they do not hash to <paramref name="sha256"/> or were
    /// there already.
    /// </summary>
    public async Task<bool> StoreServedAsync(string module, int version, string sha256, byte[] bytes, CancellationToken cancellationToken)
    {
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != sha256) return false;
        await using var db = new NpgsqlConnection(connection.ConnectionString);
        await db.OpenAsync(cancellationToken);
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand(
            $"insert into {_schema}.mik_module_bytes (sha256, size_bytes, bytes) values ($1, $2, $3) on conflict (sha256) do nothing", db, transaction);
        insert.Parameters.AddWithValue(sha256);
        insert.Parameters.AddWithValue(bytes.LongLength);
        insert.Parameters.AddWithValue(bytes);
        var stored = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        await using var row = new NpgsqlCommand(
            $"insert into {_schema}.mik_module_versions (module, version, sha256, source, deployed_at) values ($1, $2, $3, 'backfill', now()) "
            + "on conflict (module, version) do nothing", db, transaction);
        row.Parameters.AddWithValue(module);
        row.Parameters.AddWithValue(version);
        row.Parameters.AddWithValue(sha256);
        await row.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>The module's kept versions, newest first.</summary>
    public async Task<IReadOnlyList<KeptVersion>> KeptVersionsAsync(string module, CancellationToken cancellationToken)
    {
        await using var db = new NpgsqlConnection(connection.ConnectionString);
        await db.OpenAsync(cancellationToken);
        await using var read = new NpgsqlCommand(
            $"select v.version, v.sha256, b.size_bytes, v.source, v.deployed_at from {_schema}.mik_module_versions v "
            + $"join {_schema}.mik_module_bytes b on b.sha256 = v.sha256 where v.module = $1 order by v.version desc", db);
        read.Parameters.AddWithValue(module);
        var kept = new List<KeptVersion>();
        await using var rows = await read.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
            kept.Add(new KeptVersion(rows.GetInt32(0), rows.GetString(1), rows.GetInt64(2), rows.GetString(3),
                rows.GetFieldValue<DateTimeOffset>(4)));
        return kept;
    }
}
