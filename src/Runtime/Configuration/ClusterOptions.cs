namespace Mik.Durable.Runtime.Configuration;

/// <summary>
/// <c>[cluster]</c>: how the instances sharing one database see each other's liveness, and where the modules they
/// serve come from (docs/operations.md, Instances and the cluster).
/// </summary>
public sealed class ClusterOptions
{
    public const string StoreSource = "store";
    public const string FolderSource = "folder";

    /// <summary>Seconds between two heartbeats of this instance in the database. Default 5.</summary>
    public int HeartbeatSecs { get; set; } = 5;

    /// <summary>
    /// Seconds without a heartbeat after which a running instance is reported <c>lost</c>. Default 30;
    /// must exceed <see cref="HeartbeatSecs"/>.
    /// </summary>
    public int LostAfterSecs { get; set; } = 30;

    /// <summary>
    /// <c>store</c> (default): the event store is the desired state; module bytes live in PostgreSQL and every instance
    /// converges to them. <c>folder</c>: each instance serves its own modules folder only, as before the cluster model.
    /// </summary>
    public string ModuleSource { get; set; } = StoreSource;

    /// <summary>Versions of each module whose bytes are kept in the store for rollback. Default 10 (1 to 1000).</summary>
    public int KeepVersions { get; set; } = 10;

    /// <summary>
    /// Seconds between two catch-up reads of the deployment events, which find what a missed notification did not
    /// bring. Default 5 (1 to 300).
    /// </summary>
    public int CatchUpSecs { get; set; } = 5;

    /// <summary>
    /// Seconds a starting instance waits for PostgreSQL to converge before it reports ready anyway, serving what its
    /// modules folder holds. Default 30 (1 to 3600).
    /// </summary>
    public int ConvergeTimeoutSecs { get; set; } = 30;

    /// <summary>Whether the event store is the desired state (<see cref="ModuleSource"/> is <c>store</c>).</summary>
    public bool FromStore() => ModuleSource == StoreSource;
}
