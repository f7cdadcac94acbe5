namespace Mik.Durable.Api.Cluster;

/// <summary>How an instance of the cluster is doing, from its events and its heartbeat.</summary>
internal static class InstanceStatus
{
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string Lost = "lost";

    /// <summary>
    /// <c>stopped</c> when the last stop came after the last start and no heartbeat came after the stop (a beat
    /// newer than the stop is a restart the projection has not caught up with yet); <c>running</c> when the last
    /// heartbeat is at most <paramref name="lostAfter"/> old; <c>lost</c> otherwise: the process went away without
    /// saying so (killed, host down, cut off from PostgreSQL).
    /// </summary>
    public static string Of(DateTimeOffset? startedAt, DateTimeOffset? stoppedAt, DateTimeOffset? lastSeen, DateTimeOffset now, TimeSpan lostAfter)
    {
        if (stoppedAt is { } stopped && (startedAt is null || stopped >= startedAt) && (lastSeen is null || lastSeen <= stopped))
            return Stopped;
        return lastSeen is { } seen && now - seen <= lostAfter ? Running : Lost;
    }
}
