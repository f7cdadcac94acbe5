namespace Mik.Durable.Runtime.CompileCache;

/// <summary>Why a compiled module left the memory tier (the <c>CacheEvicted</c> event's reason).</summary>
internal static class EvictionReasons
{
    /// <summary>Least recently used beyond <c>cache_size</c> or <c>max_cache_mb</c>.</summary>
    public const string Capacity = "capacity";

    /// <summary>A newer version of the module took its place.</summary>
    public const string Replaced = "replaced";

    /// <summary>The module's file left the modules folder.</summary>
    public const string Removed = "removed";

    /// <summary>An operator cleared the cache (<c>POST /cache/clear</c>).</summary>
    public const string Cleared = "cleared";
}
