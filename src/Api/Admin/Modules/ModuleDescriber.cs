using Marten;
using Mik.Durable.Api.Admin.Circuits;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Admission;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>Builds <see cref="ModuleInfo"/> from the registry, the breakers, the artifact on disk and the module's stream.</summary>
internal sealed class ModuleDescriber(ModuleRegistry registry, CircuitBreakers breakers, MikConfig config, AotKey aotKey, IDocumentStore store)
{
    /// <summary>The module as served here, or null when this instance does not serve it.</summary>
    public async Task<ModuleInfo?> DescribeAsync(string name, CancellationToken cancellationToken)
    {
        if (!registry.Versions.TryGetValue(name, out var version)) return null;
        return Describe(version, await DeploymentsAsync([name], cancellationToken));
    }

    public async Task<IReadOnlyList<ModuleInfo>> DescribeAllAsync(CancellationToken cancellationToken)
    {
        var versions = registry.Versions.Values.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        var deployments = await DeploymentsAsync([.. versions.Select(v => v.Name)], cancellationToken);
        return [.. versions.Select(v => Describe(v, deployments))];
    }

    private ModuleInfo Describe(ModuleVersion version, IReadOnlyDictionary<string, DeployedModule> deployments)
    {
        // The stream describes this version only when it recorded these bytes (another instance may serve others).
        var deployed = deployments.GetValueOrDefault(version.Name) is { IsCurrent: true } d && d.Sha256 == version.Sha256 ? d : null;
        var breaker = breakers.All.FirstOrDefault(b => b.Module == version.Name);
        return new ModuleInfo(version.Name, version.Sha256, version.Size, deployed?.DeployedAt, deployed?.Actor, deployed?.Source,
            breaker is null ? "closed" : CircuitStateNames.Of(breaker.State),
            new ModuleCacheInfo(registry.IsInMemory(version.Name), AotState(version)), version.Problem,
            version.IsComponent ? "component" : "module");
    }

    private string AotState(ModuleVersion version)
    {
        if (!config.Server.AotCache) return "off";
        return AotCacheFolder.Describe(version.Path, version.Sha256, aotKey)?.State ?? "missing";
    }

    /// <summary>Each module's stream folded live (exact right after a deployment, unlike the asynchronous projection).</summary>
    private async Task<IReadOnlyDictionary<string, DeployedModule>> DeploymentsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
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
            // What this instance serves is known without the store; only the deployment details are missing.
        }
        return found;
    }
}
