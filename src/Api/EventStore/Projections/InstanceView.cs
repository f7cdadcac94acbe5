namespace Mik.Durable.Api.EventStore.Projections;

/// <summary>A <c>mik serve</c> process as its events tell it (projection of stream <c>instance:&lt;id&gt;</c>).</summary>
public sealed class InstanceView
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string Host { get; set; } = "";
    public int Pid { get; set; }
    public List<int> Ports { get; set; } = [];
    public string Version { get; set; } = "";
    public string ConfigSha256 { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    public string StopReason { get; set; } = "";

    /// <summary>When an operator pruned it as lost; cleared by its next start.</summary>
    public DateTimeOffset? PrunedAt { get; set; }
}
