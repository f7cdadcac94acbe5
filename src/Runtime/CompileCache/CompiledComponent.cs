using Mik.Durable.Runtime.Components;

namespace Mik.Durable.Runtime.CompileCache;

/// <summary>A compiled component and how it was obtained (<see cref="CompileOutcome"/>).</summary>
internal sealed record CompiledComponent(
    HttpComponent Component,
    CacheTier Tier,
    long ArtifactBytes,
    TimeSpan CompileTime,
    AotInvalidReason? Invalidated = null,
    string? InvalidDetail = null,
    string? WriteError = null,
    bool ArtifactWritten = false)
    : CompileOutcome(Tier, ArtifactBytes, CompileTime, Invalidated, InvalidDetail, WriteError, ArtifactWritten);
