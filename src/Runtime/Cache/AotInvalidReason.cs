namespace Mik.Durable.Runtime.Cache;

/// <summary>Why an AOT artifact was not used (the <c>AotInvalidated</c> event's reason, design section 5).</summary>
internal enum AotInvalidReason
{
    /// <summary>Made from other bytes than the current <c>.wasm</c>.</summary>
    Stale,

    /// <summary>Unreadable: bad magic, bad header, wrong length or checksum, or Wasmtime refused it.</summary>
    Corrupt,

    /// <summary>Made by another artifact format, Wasmtime version or engine configuration.</summary>
    VersionMismatch,
}
