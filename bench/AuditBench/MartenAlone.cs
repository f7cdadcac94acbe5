using Marten;
using Mik.Durable.Api.EventStore;

namespace Mik.Durable.AuditBench;

/// <summary>
/// The baseline: the same events appended with Marten's own API, one session and one commit per batch, no queue,
/// writer or spool, on this thread.
/// </summary>
internal static class MartenAlone
{
    public static async Task RunAsync(IDocumentStore store, long first, long count, int batch, DateTimeOffset at)
    {
        for (var start = first; start < first + count; start += batch)
        {
            await using var session = store.LightweightSession();
            for (var i = start; i < Math.Min(start + batch, first + count); i++)
            {
                var auditEvent = BenchEvents.Make(i, at.AddTicks(i));
                session.Events.Append(auditEvent.Stream, session.BuildAuditEvent(auditEvent));
            }
            await session.SaveChangesAsync();
        }
    }
}
