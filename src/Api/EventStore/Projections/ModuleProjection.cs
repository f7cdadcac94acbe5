using Marten.Events.Aggregation;
using Mik.Durable.Domain.Modules;

namespace Mik.Durable.Api.EventStore.Projections;

/// <summary>Current modules. Rejected uploads leave the current version as it was.</summary>
public sealed partial class ModuleProjection : SingleStreamProjection<ModuleView, string>
{
    public void Apply(ModuleDeployed e, ModuleView view)
    {
        view.Name = e.Module;
        view.Sha256 = e.Sha256;
        view.SizeBytes = e.SizeBytes;
        view.DeployedAt = e.At;
        view.Source = e.Source;
        view.Actor = e.Actor;
        view.Deployments++;
        view.Removed = false;
        view.RemovedAt = null;
    }

    public void Apply(ModuleRemoved e, ModuleView view)
    {
        view.Name = e.Module;
        view.Removed = true;
        view.RemovedAt = e.At;
    }
}
