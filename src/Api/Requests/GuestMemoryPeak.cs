namespace Mik.Durable.Api.Requests;

/// <summary>
/// The largest linear memory a handler ended with since the last scrape: instances live for one request, so a
/// point-in-time sum would read near zero between requests and hide what handlers actually use.
/// </summary>
internal static class GuestMemoryPeak
{
    private static long _peak;

    public static void Observe(long bytes)
    {
        var seen = Interlocked.Read(ref _peak);
        while (bytes > seen)
        {
            var previous = Interlocked.CompareExchange(ref _peak, bytes, seen);
            if (previous == seen) return;
            seen = previous;
        }
    }

    public static long TakePeak() => Interlocked.Exchange(ref _peak, 0);
}
