namespace Mik.Durable.Api.Tests.Properties;

/// <summary>
/// A generated audit paging run: the events there are at first (<see cref="PagedEvent"/>), the filter's types (a
/// mask over <see cref="AuditPagingProperties.Types"/>, 0 = all) and time window (offsets in ms, -1 = none), the page
/// size, and how many events are recorded after each page read.
/// </summary>
internal sealed record PagingCase(PagedEvent[] Events, int TypeMask, int SinceMs, int UntilMs, int Limit, int[] AppendedAfterPage)
{
    public override string ToString() =>
        $"events=[{string.Join(", ", Events.AsEnumerable())}] types={TypeMask} since={SinceMs} until={UntilMs} limit={Limit} " +
        $"appended=[{string.Join(",", AppendedAfterPage)}]";
}

/// <summary>One event: which of the module's streams (or another module's) it is on, and its time.</summary>
/// <param name="Kind">0: module stream (<c>module_removed</c>), 1: breaker stream (<c>circuit_opened</c>), 2: cache stream
/// (<c>aot_invalidated</c>), 3: another module's breaker stream.</param>
/// <param name="Ms">Milliseconds after the run's start; many events share one.</param>
/// <param name="Ticks">Extra 100 ns ticks, finer than PostgreSQL keeps.</param>
internal sealed record PagedEvent(int Kind, int Ms, int Ticks)
{
    public override string ToString() => $"{Kind}@{Ms}+{Ticks}";
}
