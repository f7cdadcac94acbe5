namespace Mik.Durable.Runtime.CompileCache;

/// <summary>Where a compiled module came from (the <c>tier</c> label of <c>mik_cache_hits_total</c>).</summary>
internal enum CacheTier
{
    /// <summary>Already compiled in memory.</summary>
    Memory,

    /// <summary>Deserialized from a verified <c>.wasm.aot</c>.</summary>
    Aot,

    /// <summary>Compiled from the <c>.wasm</c> (a miss in both tiers).</summary>
    Compiled,
}
