using Marten.Events.Aggregation;
using Mik.Durable.Domain.Deployments;

namespace Mik.Durable.Api.EventStore.Projections;

/// <summary>
/// Current modules. The aggregate applies its own events; Marten's source generator only dispatches to methods
/// of a projection declared in this assembly, hence the one-line Apply methods.
/// </summary>
public sealed partial class ModuleProjection : SingleStreamProjection<DeployedModule, string>
{
    public void Apply(ModuleDeployed e, DeployedModule module) => module.Apply(e);

    public void Apply(ModuleRemoved e, DeployedModule module) => module.Apply(e);
}
