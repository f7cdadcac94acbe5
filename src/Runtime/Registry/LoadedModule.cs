using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Runtime.Registry;

/// <summary>
/// A compiled module in the memory tier, with its <c>_routes</c> and the version it was made from: a WAGI core module,
/// or a <c>wasi:http</c> component (<see cref="Component"/>, docs/components.md), which has neither routes nor a
/// <see cref="WagiModule"/>.
/// </summary>
internal sealed class LoadedModule : IDisposable
{
    private readonly WagiModule? _module;
    private int _disposed;

    public LoadedModule(WagiModule module, WagiRoutes routes, string sha256, long bytes, CacheTier tier)
        : this(sha256, bytes, tier, routes) => _module = module;

    public LoadedModule(ComponentModule component, string sha256, long bytes, CacheTier tier)
        : this(sha256, bytes, tier, WagiRoutes.None) => Component = component;

    private LoadedModule(string sha256, long bytes, CacheTier tier, WagiRoutes routes)
    {
        Routes = routes;
        Sha256 = sha256;
        Bytes = bytes;
        Tier = tier;
    }

    /// <summary>The WAGI module; check <see cref="Component"/> first, a component has none.</summary>
    public WagiModule Module => _module ?? throw new InvalidOperationException("a component is not a WAGI module");

    /// <summary>The component, when the module is one; null for a WAGI core module.</summary>
    public ComponentModule? Component { get; }

    public WagiRoutes Routes { get; }
    public string Sha256 { get; }
    public long Bytes { get; }
    public CacheTier Tier { get; }
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Why every request to it will be <c>instantiate_failed</c> although it compiled; null when it can run.</summary>
    public string? Problem => _module is null ? null : _module.Problem ?? Routes.Problem;

    /// <summary>
    /// Why no request to it can ever work (a deployment of it is refused); null when some can. A module without its
    /// entrypoint still serves the sub-routes its <c>_routes</c> lists.
    /// </summary>
    public string? Unservable =>
        _module is null ? null
        : _module.LinkProblem ?? (_module.Problem is null || (_module.ExportsRoutes && Routes.Problem is null) ? null : _module.Problem);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _module?.Dispose();
        Component?.Dispose();
    }
}
