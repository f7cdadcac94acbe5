using JasperFx.Events;
using Marten;
using Marten.Events;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Api.AuditRecording;

/// <summary>Audit queries over the event store: filters of <see cref="AuditFilter"/>, newest first, paged.</summary>
internal sealed class AuditSearch(IDocumentStore store)
{
    public async Task<AuditPage> FindAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        IQueryable<IEvent> query = session.Events.QueryAllRawEvents();
        if (filter.Types.Count > 0) query = query.Where(e => e.EventTypesAre(filter.Types.ToArray()));
        if (filter.Module is { } module)
        {
            string[] streams = [AuditStreams.Module(module), AuditStreams.Breaker(module), AuditStreams.Cache(module)];
            query = query.Where(e => streams.Contains(e.StreamKey));
        }
        if (filter.Since is { } since) query = query.Where(e => e.Timestamp >= since);
        if (filter.Until is { } until) query = query.Where(e => e.Timestamp <= until);
        if (filter.After is { } after)
        {
            var (at, seq) = (after.Timestamp, after.Sequence);
            query = query.Where(e => e.Timestamp < at || (e.Timestamp == at && e.Sequence < seq));
        }
        var limit = Math.Clamp(filter.Limit, 1, AuditFilter.MaxLimit);
        var found = await query.OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Sequence)
            .Take(limit + 1).ToListAsync(cancellationToken);
        var events = found.Take(limit)
            .Select(e => new AuditEntry(e.Sequence, e.Id, e.EventTypeName, e.StreamKey ?? "", e.Timestamp, e.Data)).ToList();
        var next = found.Count > limit ? new AuditCursor(events[^1].Timestamp, events[^1].Sequence, filter.Scope).ToString() : null;
        return new AuditPage(events, next);
    }
}
