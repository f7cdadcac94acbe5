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
