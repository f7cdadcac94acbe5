namespace Mik.Durable.Runtime.CompileCache;

/// <summary>Why an AOT artifact was not used (the <c>AotInvalidated</c> event's reason, docs/runtime.md).</summary>
internal enum AotInvalidReason
{
    /// <summary>Made from other bytes than the current <c>.wasm</c>.</summary>
    Stale,

    /// <summary>
    /// Unreadable (bad magic, header, length or checksum; Wasmtime refused it) or not this installation's: its MAC
    /// does not verify with the <see cref="AotKey"/> (forged, or copied from another state dir).
    /// </summary>
    Corrupt,

    /// <summary>Made by another artifact format, Wasmtime version or engine configuration.</summary>
    VersionMismatch,
}
