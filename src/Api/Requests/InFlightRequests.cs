namespace Mik.Durable.Api.Requests;

/// <summary>
/// Requests being served, probes and scrapes excluded: what shutdown waits for (Health/DrainService.cs), what
/// <c>/health</c> reports and what <c>mik_requests_in_flight</c> exports.
/// </summary>
internal sealed class InFlightRequests
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Started() => Interlocked.Increment(ref _count);

    public void Ended() => Interlocked.Decrement(ref _count);
}
