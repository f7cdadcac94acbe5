namespace Mik.Durable.Runtime.CompileCache;

/// <summary>
/// What an artifact says about itself (docs/runtime.md): checked in full before Wasmtime sees a byte of
/// it, because a corrupt native artifact can crash the process instead of failing. Believed only once the MAC
/// that follows it verifies (<see cref="AotArtifact"/>). <see cref="Kind"/>: <see cref="AotKinds"/>, null in artifacts
/// written before components had any (they hold modules).
/// </summary>
internal sealed record AotHeader(
    int Format,
    string Wasmtime,
    string EngineSha256,
    string SourceSha256,
    string ArtifactSha256,
    long ArtifactBytes,
    string? Kind = null);
