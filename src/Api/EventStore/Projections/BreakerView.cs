namespace Mik.Durable.Api.EventStore.Projections;

/// <summary>
/// The last known state of a module's circuit (projection of stream <c>breaker:&lt;name&gt;</c>). mik itself only
/// counts these documents (<c>POST /state/rebuild</c>); they are kept on purpose as the durable, cluster-wide view of
/// every circuit for whoever reads the database, and as one of the three documented rebuildable projections
/// (docs/operations.md, Admin API routes). <c>GET /circuits</c> answers from the live breakers instead.
/// </summary>
public sealed class BreakerView
{
    public string Id { get; set; } = "";
    public string Module { get; set; } = "";

    /// <summary><c>closed</c>, <c>open</c> or <c>half_open</c>.</summary>
    public string State { get; set; } = "closed";
    public int Opens { get; set; }
    public string LastError { get; set; } = "";
    public DateTimeOffset? OpenedAt { get; set; }
    public DateTimeOffset LastChange { get; set; }
}
