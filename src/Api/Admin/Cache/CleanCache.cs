using Mediator;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Admin.Cache;

/// <summary>
/// <c>POST /cache/clean</c>: removes the artifacts this build cannot use (source gone or changed, other Wasmtime
/// version or engine configuration, unreadable header or one this installation did not write). What is served is untouched.
/// </summary>
internal sealed record CleanCache(string Actor) : IRequest<CacheCleanupResult>;

internal sealed class CleanCacheHandler(ModuleRegistry registry, MikConfig config, AotKey key, CacheCleanup cleanup) : IRequestHandler<CleanCache, CacheCleanupResult>
{
    public const string Scope = "stale";

    public async ValueTask<CacheCleanupResult> Handle(CleanCache command, CancellationToken cancellationToken)
    {
        var stale = GetCacheHandler.ArtifactsOf(registry, config, key).Where(f => f.IsStale).ToList();
        var removed = await cleanup.RunAsync(Scope, stale, command.Actor);
        return CacheCleanup.Result(Scope, removed, reloaded: 0);
    }
}
