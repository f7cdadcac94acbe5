using Marten;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Api.Admin;

/// <summary>The admin API's use of the event store: an unreachable store is a 503 that says so, not a 500.</summary>
internal static class AdminStore
{
    /// <summary>
    /// Commits one event to its stream in a transaction of its own. The audit writer may be appending to the same
    /// stream at that moment (a circuit that just opened, a cache event); that rolls this transaction back whole, so
    /// it is simply tried again: the event makes no decision on what the stream holds.
    /// </summary>
    public static Task AppendAsync(IDocumentStore store, IAuditEvent auditEvent, CancellationToken cancellationToken) =>
        CommitAsync(async () =>
        {
            await StoreFailures.RetryConcurrentAppendsAsync(async _ =>
            {
                await using var session = store.LightweightSession();
                session.Events.Append(auditEvent.Stream, session.BuildAuditEvent(auditEvent));
                await session.SaveChangesAsync(cancellationToken);
            }, cancellationToken);
            return true;
        });

    /// <summary>Runs a write; a store that cannot be reached means nothing was changed.</summary>
    public static async Task<T> CommitAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception e) when (StoreFailures.IsUnreachable(e))
        {
            throw Unavailable("nothing was changed; try again when /health shows event_store ok");
        }
    }

    public static async Task<T> ReadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (StoreFailures.IsUnreachable(e))
        {
            throw Unavailable("try again when /health shows event_store ok");
        }
    }

    private static AdminException Unavailable(string advice) =>
        new(StatusCodes.Status503ServiceUnavailable, "event store unavailable", "the event store (PostgreSQL) cannot be reached; " + advice,
            "event_store_unavailable");
}
