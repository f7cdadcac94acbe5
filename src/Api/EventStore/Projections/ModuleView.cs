namespace Mik.Durable.Api.EventStore.Projections;

/// <summary>The current version of a module (projection of stream <c>module:&lt;name&gt;</c>).</summary>
public sealed class ModuleView
{
    /// <summary>The stream key, <c>module:&lt;name&gt;</c>.</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public long SizeBytes { get; set; }
    public DateTimeOffset DeployedAt { get; set; }
    public string Source { get; set; } = "";
    public string Actor { get; set; } = "";
    public int Deployments { get; set; }
    public bool Removed { get; set; }
    public DateTimeOffset? RemovedAt { get; set; }
}
