using Marten.Events.Aggregation;
using Mik.Durable.Domain.Deployments;

namespace Mik.Durable.ClusterBench;

/// <summary>As mik's ModuleProjection: FetchForWriting needs the source-generated dispatch of a projection declared here.</summary>
public sealed partial class BenchModuleProjection : SingleStreamProjection<DeployedModule, string>
{
    public void Apply(ModuleDeployed e, DeployedModule module) => module.Apply(e);

    public void Apply(ModuleRemoved e, DeployedModule module) => module.Apply(e);
}
