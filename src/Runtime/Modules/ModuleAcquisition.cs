using Mik.Durable.Runtime.Cache;

namespace Mik.Durable.Runtime.Modules;

/// <summary>
/// The answer to "run module X": a lease on the compiled module (dispose it after the request), no such module
/// (404), or a module that exists but cannot run (500 instantiate_failed, with the reason).
/// </summary>
internal sealed class ModuleAcquisition
{
    private ModuleAcquisition(LeasedLru<LoadedModule>.Lease? lease, string? problem, CacheTier tier)
    {
        Lease = lease;
        Problem = problem;
        Tier = tier;
    }

    public static ModuleAcquisition NotFound { get; } = new(null, null, CacheTier.Memory);

    public LeasedLru<LoadedModule>.Lease? Lease { get; }
    public string? Problem { get; }

    /// <summary>Where the compiled module came from for this request (memory unless it had to be loaded).</summary>
    public CacheTier Tier { get; }

    public bool Exists => Lease is not null || Problem is not null;

    public static ModuleAcquisition Found(LeasedLru<LoadedModule>.Lease lease, CacheTier tier) => new(lease, null, tier);
    public static ModuleAcquisition Broken(string problem) => new(null, problem, CacheTier.Memory);
}
