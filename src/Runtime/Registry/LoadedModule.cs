using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Registry;

/// <summary>A compiled module in the memory tier, with its <c>_routes</c> and the version it was made from.</summary>
internal sealed class LoadedModule(WagiModule module, WagiRoutes routes, string sha256, long bytes, CacheTier tier) : IDisposable
{
    private int _disposed;

    public WagiModule Module { get; } = module;
    public WagiRoutes Routes { get; } = routes;
    public string Sha256 { get; } = sha256;
    public long Bytes { get; } = bytes;
    public CacheTier Tier { get; } = tier;
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Why every request to it will be <c>instantiate_failed</c> although it compiled; null when it can run.</summary>
    public string? Problem => Module.Problem ?? Routes.Problem;

    /// <summary>
    /// Why no request to it can ever work (a deployment of it is refused); null when some can. A module without its
    /// entrypoint still serves the sub-routes its <c>_routes</c> lists.
    /// </summary>
    public string? Unservable =>
        Module.LinkProblem ?? (Module.Problem is null || (Module.ExportsRoutes && Routes.Problem is null) ? null : Module.Problem);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) Module.Dispose();
    }
}
