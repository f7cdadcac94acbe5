using Marten;
using Mik.Durable.Api.Admin.Circuits;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Admission;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;
using Npgsql;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// Builds <see cref="ModuleInfo"/> from the registry, the breakers, the artifact on disk and the module's stream, and
/// in store mode the cluster's view of it (<see cref="ModuleClusterView"/>).
/// </summary>
internal sealed class ModuleDescriber(
    ModuleRegistry registry, CircuitBreakers breakers, MikConfig config, AotKey aotKey, IDocumentStore store, ModuleClusterView cluster)
{
    /// <summary>
    /// The module as served here or, in store mode, a module the store desires that this instance does not serve (it
    /// could not activate it, or has not yet); null when neither.
    /// </summary>
    public async Task<ModuleInfo?> DescribeAsync(string name, CancellationToken cancellationToken)
    {
        var served = registry.Versions.GetValueOrDefault(name);
        var streams = await DeploymentsAsync([name], cancellationToken);
        if (served is null && !(config.Cluster.FromStore() && streams?.GetValueOrDefault(name) is { IsCurrent: true })) return null;
        var views = await ClusterAsync([name], streams, cancellationToken);
        return served is null ? Unserved(name, views?.GetValueOrDefault(name)) : Describe(served, streams, views);
    }

    /// <summary>
    /// The modules served here and, in store mode, those the store desires that this instance does not serve (a split
    /// the operator must see in the list, not only by asking for the module).
    /// </summary>
    public async Task<IReadOnlyList<ModuleInfo>> DescribeAllAsync(CancellationToken cancellationToken)
    {
        var served = registry.Versions;
        IReadOnlyList<string> names = [.. served.Keys.Union(await DesiredAsync(cancellationToken)).Order(StringComparer.Ordinal)];
        var streams = await DeploymentsAsync(names, cancellationToken);
        var views = await ClusterAsync(names, streams, cancellationToken);
        return [.. names
            .Where(n => served.ContainsKey(n) || streams?.GetValueOrDefault(n) is { IsCurrent: true })
            .Select(n => served.TryGetValue(n, out var version) ? Describe(version, streams, views) : Unserved(n, views?.GetValueOrDefault(n)))];
    }

    /// <summary>The modules the store desires, from the module projection (a few seconds behind at most); none in folder mode.</summary>
    private async Task<IReadOnlyList<string>> DesiredAsync(CancellationToken cancellationToken)
    {
        if (!config.Cluster.FromStore()) return [];
        try
        {
            await using var session = store.QuerySession();
            return await session.Query<DeployedModule>().Where(m => !m.Removed && m.Deployments > 0).Select(m => m.Name).ToListAsync(cancellationToken);
        }
        catch (Exception e) when (StoreFailures.IsUnreachable(e) || e is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable })
        {
            return [];
        }
    }

    private ModuleInfo Describe(
        ModuleVersion version, IReadOnlyDictionary<string, DeployedModule>? deployments, IReadOnlyDictionary<string, ModuleCluster>? views)
    {
        // The stream describes this version only when it recorded these bytes (another instance may serve others).
        var deployed = deployments?.GetValueOrDefault(version.Name) is { IsCurrent: true } d && d.Sha256 == version.Sha256 ? d : null;
        var view = views?.GetValueOrDefault(version.Name);
        return new ModuleInfo(version.Name, version.Sha256, version.Size, deployed?.DeployedAt, deployed?.Actor, deployed?.Source,
            Breaker(version.Name), new ModuleCacheInfo(registry.IsInMemory(version.Name), AotState(version)), version.Problem,
            version.IsComponent ? "component" : "module", view?.Desired, view?.Versions, view?.Instances, view?.Split);
    }

    private ModuleInfo Unserved(string name, ModuleCluster? view) =>
        new(name, null, null, null, null, null, Breaker(name), null, null, null, view?.Desired, view?.Versions, view?.Instances, view?.Split);

    private string Breaker(string name) =>
        breakers.All.FirstOrDefault(b => b.Module == name) is { } breaker ? CircuitStateNames.Of(breaker.State) : "closed";

    private string AotState(ModuleVersion version)
    {
        if (!config.Server.AotCache) return "off";
        return AotCacheFolder.Describe(version.Path, version.Sha256, aotKey)?.State ?? "missing";
    }

    /// <summary>
    /// Each module's stream folded live (exact right after a deployment, unlike the asynchronous projection); null when
    /// the store cannot be reached: what this instance serves is known without it, only the deployment details are missing.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, DeployedModule>?> DeploymentsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, DeployedModule>(StringComparer.Ordinal);
        try
        {
            await using var session = store.QuerySession();
            foreach (var name in names)
            {
                var module = await session.Events.AggregateStreamAsync<DeployedModule>(AuditStreams.Module(name), token: cancellationToken);
                if (module is not null) found[name] = module;
            }
        }
        catch (Exception e) when (StoreFailures.IsUnreachable(e))
        {
            return null;
        }
        return found;
    }

    private async Task<IReadOnlyDictionary<string, ModuleCluster>?> ClusterAsync(
        IReadOnlyList<string> names, IReadOnlyDictionary<string, DeployedModule>? streams, CancellationToken cancellationToken)
    {
        if (!config.Cluster.FromStore() || streams is null || names.Count == 0) return null;
        try
        {
            return await cluster.ForAsync(names, streams, cancellationToken);
        }
        // The kept-versions table comes with a migration applied in the background at start: until then there is no view.
        catch (Exception e) when (StoreFailures.IsUnreachable(e) || e is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable })
        {
            return null;
        }
    }
}
