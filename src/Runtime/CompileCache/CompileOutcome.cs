namespace Mik.Durable.Runtime.CompileCache;

/// <summary>
/// How a module or component was obtained, for logs, metrics and cache events. <see cref="ArtifactWritten"/>: this
/// load compiled the wasm and wrote a new <c>.wasm.aot</c>.
/// </summary>
internal abstract record CompileOutcome(
    CacheTier Tier,
    long ArtifactBytes,
    TimeSpan CompileTime,
    AotInvalidReason? Invalidated,
    string? InvalidDetail,
    string? WriteError,
    bool ArtifactWritten);
