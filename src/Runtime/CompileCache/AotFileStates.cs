namespace Mik.Durable.Runtime.CompileCache;

/// <summary>What an artifact on disk is worth to this build of mik (the <c>state</c> field of <c>GET /cache</c>).</summary>
internal static class AotFileStates
{
    /// <summary>Made from the module's current source by this Wasmtime version and engine configuration.</summary>
    public const string Current = "current";

    /// <summary>Made from other bytes than the module's current source.</summary>
    public const string Stale = "stale";

    /// <summary>Its module's <c>.wasm</c> is gone.</summary>
    public const string Orphaned = "orphaned";

    /// <summary>Made by another Wasmtime version or engine configuration (or artifact format).</summary>
    public const string VersionMismatch = "version_mismatch";

    /// <summary>No readable header, or one this installation did not write (its MAC does not verify).</summary>
    public const string Corrupt = "corrupt";
}
