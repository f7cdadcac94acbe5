namespace Mik.Durable.Api.EventStore.Projections;

/// <summary>
/// Written by each running instance every few seconds. Liveness is a document, not events: a heartbeat stream
/// would bury the audit trail, and a killed process leaves exactly this trace, an old <see cref="LastSeen"/>.
/// </summary>
public sealed class InstanceHeartbeat
{
    /// <summary>The instance id (not a stream key).</summary>
    public string Id { get; set; } = "";
    public DateTimeOffset LastSeen { get; set; }

    /// <summary>This instance held the projection daemon (HotCold: one instance of the cluster) at its last beat.</summary>
    public bool RunsProjections { get; set; }
}
