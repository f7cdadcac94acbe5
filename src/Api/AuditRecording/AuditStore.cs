using Marten;
using Mik.Durable.Api.EventStore;

namespace Mik.Durable.Api.AuditRecording;

/// <summary>Appends batches of audit records to Marten with the ids and timestamps they were recorded with.</summary>
internal sealed class AuditStore(IDocumentStore store)
{
    /// <summary>
    /// One transaction per batch. <paramref name="skipExisting"/> leaves out records the store already has, for
    /// replays of a spool whose earlier commit may have landed just before a crash or a lost connection.
    /// </summary>
    /// <remarks>
    /// The admin API or another instance may append to the same stream (breaker:&lt;module&gt;, auth:&lt;day&gt;) at the
    /// same moment; the transaction then rolls back as a whole, so trying again (leaving out whatever did land) writes
    /// each record once.
    /// </remarks>
    public Task AppendAsync(IReadOnlyList<AuditRecord> batch, bool skipExisting, CancellationToken cancellationToken) =>
        StoreFailures.RetryConcurrentAppendsAsync(
            attempt => AppendOnceAsync(batch, skipExisting || attempt > 1, cancellationToken), cancellationToken);

    private async Task AppendOnceAsync(IReadOnlyList<AuditRecord> batch, bool skipExisting, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var existing = skipExisting ? await ExistingIdsAsync(session, batch, cancellationToken) : null;
        var appended = 0;
        foreach (var record in batch)
        {
            if (existing?.Contains(record.Id) == true) continue;
            var e = session.BuildAuditEvent(record.Event);
            e.Id = record.Id;
            session.Events.Append(record.Event.Stream, e);
            appended++;
        }
        if (appended > 0) await session.SaveChangesAsync(cancellationToken);
    }

    private static async Task<HashSet<Guid>> ExistingIdsAsync(IDocumentSession session, IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(r => r.Id).ToArray();
        var sql = $"select id from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events where id = any(?)";
        var found = await session.AdvancedSql.QueryAsync<Guid>(sql, cancellationToken, ids);
        return [.. found];
    }
}
