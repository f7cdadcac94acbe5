using Mediator;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Admin.Cache;

/// <summary>
/// <c>POST /cache/clear</c>: removes every artifact and empties the memory tier, then compiles each served module
/// again (fresh artifacts) before answering, so no request pays for the compilation.
/// </summary>
internal sealed record ClearCache(string Actor) : IRequest<CacheCleanupResult>;

internal sealed class ClearCacheHandler(ModuleRegistry registry, MikConfig config, AotKey key, CacheCleanup cleanup) : IRequestHandler<ClearCache, CacheCleanupResult>
{
    public const string Scope = "all";

    public async ValueTask<CacheCleanupResult> Handle(ClearCache command, CancellationToken cancellationToken)
    {
        var all = GetCacheHandler.ArtifactsOf(registry, config, key);
        var removed = await cleanup.RunAsync(Scope, all, command.Actor);
        return CacheCleanup.Result(Scope, removed, registry.Reload());
    }
}
