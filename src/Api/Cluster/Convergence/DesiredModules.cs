using Marten;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Configuration;
using Npgsql;

namespace Mik.Durable.Api.Cluster.Convergence;

/// <summary>
/// Reads the desired state from the event store: the version of every module stream, and what one stream asks for.
/// Versions per stream rather than "events after the last sequence number seen": sequence numbers are taken at insert,
/// not at commit, so a deploy committing after a later-numbered one would be skipped (docs/operations.md, Convergence).
/// </summary>
internal sealed class DesiredModules(IDocumentStore store, EventStoreConnection connection, MikConfig config)
{
    private const string Prefix = "module:";

    /// <summary>Module name → its stream's version, for every module stream (not the refused uploads' one).</summary>
    public async Task<IReadOnlyDictionary<string, long>> StreamVersionsAsync(CancellationToken cancellationToken)
    {
        await using var db = new NpgsqlConnection(connection.ConnectionString);
        await db.OpenAsync(cancellationToken);
        await using var read = new NpgsqlCommand(
            $"select id, version from {config.Database.Schema}.mt_streams where id like '{Prefix}%' and id <> $1", db);
        read.Parameters.AddWithValue(AuditStreams.RejectedUploads);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var rows = await read.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
            versions[rows.GetString(0)[Prefix.Length..]] = rows.GetInt64(1);
        return versions;
    }

    /// <summary>What the module's stream asks for now; <paramref name="version"/> is the stream version it was read at.</summary>
    public async Task<StreamDesire> ReadAsync(string module, long version, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        var folded = await query.Events.AggregateStreamAsync<DeployedModule>(AuditStreams.Module(module), token: cancellationToken);
        var sha256 = folded switch
        {
            { IsCurrent: true } => folded.Sha256,
            { Removed: true } => StreamDesire.Removed,
            _ => "",
        };
        return new StreamDesire(version, sha256, (folded?.Deployments ?? 0) + (folded?.Removals ?? 0), folded?.Deployments ?? 0);
    }
}
