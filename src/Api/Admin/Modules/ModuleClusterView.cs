using Mik.Durable.Api.Cluster;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Domain.Deployments;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// Joins the modules' streams with their kept versions, the instance list and each instance's latest report, for
/// <c>GET /modules</c> and <c>GET /modules/{name}</c> in store mode.
/// </summary>
internal sealed class ModuleClusterView(ModuleBytesStore bytes, InstancesQuery instances, ActivationReports reports)
{
    /// <param name="streams">The modules' streams as folded; a module without one has no desired version.</param>
    public async Task<IReadOnlyDictionary<string, ModuleCluster>> ForAsync(
        IReadOnlyList<string> names, IReadOnlyDictionary<string, DeployedModule> streams, CancellationToken cancellationToken)
    {
        var cluster = await instances.ListAsync(cancellationToken);
        var latest = (await reports.LatestAsync(names, cancellationToken)).ToLookup(r => (r.Instance, r.Module));
        var views = new Dictionary<string, ModuleCluster>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var desired = streams.GetValueOrDefault(name) is { IsCurrent: true } s
                ? new ModuleDesired(s.Sha256, s.Deployments, s.DeployedAt, s.Source)
                : null;
            var kept = await bytes.KeptVersionsAsync(name, cancellationToken);
            views[name] = new ModuleCluster(desired, kept, [.. cluster.Select(i => OnInstance(i, latest[(i.Id, name)]))]);
        }
        return views;
    }

    private static ModuleOnInstance OnInstance(InstanceInfo instance, IEnumerable<ActivationReport> reports)
    {
        var activated = reports.FirstOrDefault(r => !r.Failed);
        // A failure older than the last activation is settled: the instance serves what it activated since.
        var failed = reports.FirstOrDefault(r => r.Failed && (activated is null || r.Seq > activated.Seq));
        return new ModuleOnInstance(instance.Id, instance.Status,
            activated is { Sha256.Length: > 0 } ? activated.Sha256 : null, activated?.At,
            failed?.Sha256, failed?.Reason, failed?.At);
    }
}
