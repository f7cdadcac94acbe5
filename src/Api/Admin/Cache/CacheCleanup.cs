using Marten;
using Mik.Durable.Domain.Caching;
using Mik.Durable.Runtime.CompileCache;

namespace Mik.Durable.Api.Admin.Cache;

/// <summary>What <c>cache clean</c> and <c>cache clear</c> did: <see cref="Scope"/> <c>stale</c> or <c>all</c>, and the artifacts removed.</summary>
internal sealed record CacheCleanupResult(string Scope, int Files, long Bytes, IReadOnlyList<ArtifactInfo> Removed, int Reloaded);

/// <summary>
/// Both cache maintenance commands: <c>CacheCleared</c> (stream <c>cache:*</c>) is committed first, naming what is about
/// to go, then the artifacts are deleted, so no artifact disappears without a trace and PostgreSQL away means nothing
/// is deleted (503).
/// </summary>
internal sealed class CacheCleanup(IDocumentStore store, TimeProvider time)
{
    public const string AllModules = "*";

    public async Task<IReadOnlyList<AotFile>> RunAsync(string scope, IReadOnlyList<AotFile> doomed, string actor)
    {
        var cleared = new CacheCleared(AllModules, time.GetUtcNow(), scope, doomed.Count, doomed.Sum(f => f.Bytes), actor);
        // Not cancelled by the client going away: a recorded cleanup must also be carried out.
        await AdminStore.AppendAsync(store, cleared, CancellationToken.None);
        try
        {
            return AotCacheFolder.Delete(doomed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AdminException(StatusCodes.Status500InternalServerError, "cannot delete artifacts",
                $"the cleanup is recorded but an artifact could not be deleted ({e.Message}); run it again");
        }
    }

    public static CacheCleanupResult Result(string scope, IReadOnlyList<AotFile> removed, int reloaded) =>
        new(scope, removed.Count, removed.Sum(f => f.Bytes), [.. removed.Select(f => new ArtifactInfo(f.Module, f.Bytes, f.State))], reloaded);
}
