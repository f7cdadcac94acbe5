using JasperFx;
using Marten.Events.Daemon.Coordination;

namespace Mik.Durable.Api.Cluster;

/// <summary>
/// Whether this process runs the async projections right now. Under HotCold exactly one instance of the cluster
/// holds the daemon's advisory lock; the others run no agents until it goes away.
/// </summary>
internal sealed class ProjectionLeadership(IServiceProvider services)
{
    public bool IsLeader()
    {
        if (services.GetService<IProjectionCoordinator>() is not { } coordinator) return false;
        try
        {
            return coordinator.DaemonForMainDatabase().CurrentAgents().Any(a => a.Status == AgentStatus.Running);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // The daemon is not (or no longer) built, e.g. while the host stops.
            return false;
        }
    }
}
