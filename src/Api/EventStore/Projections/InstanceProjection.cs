using Marten.Events.Aggregation;
using Mik.Durable.Domain.Membership;

namespace Mik.Durable.Api.EventStore.Projections;

/// <summary>Instances of the cluster; liveness comes from <see cref="InstanceHeartbeat"/>, not from here.</summary>
public sealed partial class InstanceProjection : SingleStreamProjection<InstanceView, string>
{
    public void Apply(InstanceStarted e, InstanceView view)
    {
        view.InstanceId = e.InstanceId;
        view.Host = e.Host;
        view.Pid = e.Pid;
        view.Ports = [.. e.Ports];
        view.Version = e.Version;
        view.ConfigSha256 = e.ConfigSha256;
        view.StartedAt = e.At;
        view.StoppedAt = null;
        view.StopReason = "";
        view.PrunedAt = null;
    }

    public void Apply(ConfigChanged e, InstanceView view) => view.ConfigSha256 = e.NewSha256;

    public void Apply(InstanceStopped e, InstanceView view)
    {
        view.InstanceId = e.InstanceId;
        view.StoppedAt = e.At;
        view.StopReason = e.Reason;
    }

    public void Apply(InstancePruned e, InstanceView view)
    {
        view.InstanceId = e.InstanceId;
        view.PrunedAt = e.At;
    }
}
