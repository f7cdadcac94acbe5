using Mik.Durable.Api.Cluster;
using Mik.Durable.Api.ModuleChanges;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>A module as the cluster sees it: its desired version (null once removed), its kept versions, and every instance.</summary>
internal sealed record ModuleCluster(ModuleDesired? Desired, IReadOnlyList<KeptVersion> Versions, IReadOnlyList<ModuleOnInstance> Instances)
{
    /// <summary>
    /// Some running instance does not serve the desired version (or, once removed, still serves one). Stopped and lost
    /// instances do not count: they converge when they start again.
    /// </summary>
    public bool Split => Instances.Any(i => i.Status == InstanceStatus.Running && (i.Sha256 ?? "") != (Desired?.Sha256 ?? ""));
}
