namespace Mik.Durable.Runtime.Configuration;

/// <summary><c>[cluster]</c>: how the instances sharing one database see each other's liveness.</summary>
public sealed class ClusterOptions
{
    /// <summary>Seconds between two heartbeats of this instance in the database. Default 5.</summary>
    public int HeartbeatSecs { get; set; } = 5;

    /// <summary>
    /// Seconds without a heartbeat after which a running instance is reported <c>lost</c>. Default 30;
    /// must exceed <see cref="HeartbeatSecs"/>.
    /// </summary>
    public int LostAfterSecs { get; set; } = 30;
}
