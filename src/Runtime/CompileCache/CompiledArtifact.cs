using Wasmtime;

namespace Mik.Durable.Runtime.CompileCache;

/// <summary>A compiled core module and how it was obtained (<see cref="CompileOutcome"/>).</summary>
internal sealed record CompiledArtifact(
    Module Module,
    CacheTier Tier,
    long ArtifactBytes,
    TimeSpan CompileTime,
    AotInvalidReason? Invalidated = null,
    string? InvalidDetail = null,
    string? WriteError = null,
    bool ArtifactWritten = false)
    : CompileOutcome(Tier, ArtifactBytes, CompileTime, Invalidated, InvalidDetail, WriteError, ArtifactWritten);
