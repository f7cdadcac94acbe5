using Marten;
using Mik.Durable.Api.EventStore;

namespace Mik.Durable.Api.AuditRecording;

/// <summary>Appends batches of audit records to Marten with the ids and timestamps they were recorded with.</summary>
/// <remarks>
/// A large batch is split by stream into <paramref name="lanes"/> transactions that run at once, so that PostgreSQL
/// works on one while this process builds and sends the other (docs/operations.md, the audit trail). Every stream's
/// records stay in one lane and in recorded order, and the batch is done only when every lane is.
/// </remarks>
internal sealed class AuditStore(IDocumentStore store, int lanes = AuditOptions.DefaultAppendLanes)
{
    /// <summary>Below this, a second transaction costs a round trip and a commit for little work: one lane.</summary>
    internal const int MinEventsToSplit = 1_000;

    /// <summary>
    /// One transaction per lane. <paramref name="skipExisting"/> leaves out records the store already has, for
    /// replays of a spool whose earlier commit may have landed just before a crash or a lost connection (or whose
    /// batch failed in one lane after another lane had committed).
    /// </summary>
    /// <remarks>
    /// The admin API or another instance may append to the same stream (breaker:&lt;module&gt;, auth:&lt;day&gt;) at the
    /// same moment; the transaction then rolls back as a whole, so trying again (leaving out whatever did land) writes
    /// each record once.
    /// </remarks>
    public async Task AppendAsync(IReadOnlyList<AuditRecord> batch, bool skipExisting, CancellationToken cancellationToken)
    {
        if (lanes <= 1 || batch.Count < MinEventsToSplit)
        {
            await AppendLaneAsync(batch, skipExisting, cancellationToken);
            return;
        }
        // Every lane runs to its end (commit or failure) before the batch counts as failed: no transaction is left in
        // flight when the writer turns to the spool, whose replay skips what a lane did commit.
        await Task.WhenAll(AuditLanes.Split(batch, lanes).Select(lane => AppendLaneAsync(lane, skipExisting, cancellationToken)));
    }

    private Task AppendLaneAsync(IReadOnlyList<AuditRecord> records, bool skipExisting, CancellationToken cancellationToken) =>
        StoreFailures.RetryConcurrentAppendsAsync(
            attempt => AppendOnceAsync(records, skipExisting || attempt > 1, cancellationToken), cancellationToken);

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
