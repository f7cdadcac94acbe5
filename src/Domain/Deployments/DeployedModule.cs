namespace Mik.Durable.Domain.Deployments;

/// <summary>
/// One module's deployment history (stream <c>module:&lt;name&gt;</c>): which version is current, and the decisions
/// of the admin commands that change it. Commands return the events to append, none when nothing changes.
/// </summary>
public sealed class DeployedModule
{
    /// <summary>The stream key, <c>module:&lt;name&gt;</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>Events applied so far; the expected version of an admin command.</summary>
    public long Version { get; set; }

    public string Name { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public long SizeBytes { get; set; }
    public DateTimeOffset DeployedAt { get; set; }
    public string Source { get; set; } = "";
    public string Actor { get; set; } = "";
    /// <summary>Deployments so far; the current one's number (<see cref="ModuleDeployed.Version"/>).</summary>
    public int Deployments { get; set; }

    public int Removals { get; set; }
    public bool Removed { get; set; }
    public DateTimeOffset? RemovedAt { get; set; }

    public bool IsCurrent => Deployments > 0 && !Removed;

    /// <summary>
    /// Deploying the bytes that are already current is no change (idempotent deploys). The new version's number is
    /// one past the deployments so far; <paramref name="rolledBackTo"/>: the kept version a rollback brings back.
    /// </summary>
    public static IReadOnlyList<ModuleDeployed> Deploy(
        DeployedModule? current, string module, string sha256, long sizeBytes, string source, string actor, DateTimeOffset at,
        int? rolledBackTo = null) =>
        current is { IsCurrent: true } && current.Sha256 == sha256
            ? []
            : [new ModuleDeployed(module, at, sha256, sizeBytes, source, actor, (current?.Deployments ?? 0) + 1, rolledBackTo)];

    /// <summary>
    /// Whether a deployment or removal happened between <paramref name="before"/> and <paramref name="after"/> (two
    /// reads of one stream): what makes a racing admin change a conflict rather than a retry.
    /// </summary>
    public static bool ChangedBetween(DeployedModule? before, DeployedModule? after) =>
        (before?.Deployments ?? 0) != (after?.Deployments ?? 0) || (before?.Removals ?? 0) != (after?.Removals ?? 0);

    /// <summary>
    /// Removing a module that is not deployed is no change, unless an instance serves it (<paramref name="served"/>):
    /// a file deployment whose event has not reached the store yet is still a deployment to remove.
    /// </summary>
    public static IReadOnlyList<ModuleRemoved> Remove(
        DeployedModule? current, string module, string actor, string reason, DateTimeOffset at, bool served = false) =>
        current is { IsCurrent: true } || served ? [new ModuleRemoved(module, at, actor, reason)] : [];

    public void Apply(ModuleDeployed e)
    {
        Name = e.Module;
        Sha256 = e.Sha256;
        SizeBytes = e.SizeBytes;
        DeployedAt = e.At;
        Source = e.Source;
        Actor = e.Actor;
        Deployments++;
        Removed = false;
        RemovedAt = null;
    }

    public void Apply(ModuleRemoved e)
    {
        Name = e.Module;
        Removals++;
        Removed = true;
        RemovedAt = e.At;
    }
}
