using Wasmtime;

namespace Mik.Durable.Runtime.CompileCache;

/// <summary>
/// A compiled module and how it was obtained, for logs, metrics and cache events. <see cref="ArtifactWritten"/>:
/// this load compiled the wasm and wrote a new <c>.wasm.aot</c>.
/// </summary>
internal sealed record CompiledArtifact(
    Module Module,
    CacheTier Tier,
    long ArtifactBytes,
    TimeSpan CompileTime,
    AotInvalidReason? Invalidated = null,
    string? InvalidDetail = null,
    string? WriteError = null,
    bool ArtifactWritten = false);
