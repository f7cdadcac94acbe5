namespace Mik.Durable.Api.EventStore.Projections;

/// <summary>The last known state of a module's circuit (projection of stream <c>breaker:&lt;name&gt;</c>).</summary>
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
