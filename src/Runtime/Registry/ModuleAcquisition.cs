using Mik.Durable.Runtime.CompileCache;

namespace Mik.Durable.Runtime.Registry;

/// <summary>
/// The answer to "run module X": a lease on the compiled module (dispose it after the request), no such module
/// (404), a module that exists but cannot run (500 instantiate_failed, with the reason), or one whose file is
/// being replaced right now (503 module_reloading).
/// </summary>
internal sealed class ModuleAcquisition
{
    private ModuleAcquisition(LeasedLru<LoadedModule>.Lease? lease, string? problem, CacheTier tier, bool reloading = false)
    {
        Lease = lease;
        Problem = problem;
        Tier = tier;
        IsReloading = reloading;
    }

    public static ModuleAcquisition NotFound { get; } = new(null, null, CacheTier.Memory);

    /// <summary>The module's file keeps changing under the loader (a deployment in progress): retry shortly.</summary>
    public static ModuleAcquisition Reloading { get; } = new(null, null, CacheTier.Memory, reloading: true);

    public bool IsReloading { get; }

    public LeasedLru<LoadedModule>.Lease? Lease { get; }
    public string? Problem { get; }

    /// <summary>Where the compiled module came from for this request (memory unless it had to be loaded).</summary>
    public CacheTier Tier { get; }

    public bool Exists => Lease is not null || Problem is not null || IsReloading;

    public static ModuleAcquisition Found(LeasedLru<LoadedModule>.Lease lease, CacheTier tier) => new(lease, null, tier);
    public static ModuleAcquisition Broken(string problem) => new(null, problem, CacheTier.Memory);
}
