using System.Diagnostics;
using Mik.Durable.Runtime.Wasm;
using Wasmtime;

namespace Mik.Durable.Runtime.CompileCache;

/// <summary>
/// Loads a module or component from its verified <c>&lt;module&gt;.wasm.aot</c>, or compiles it and rewrites the
/// artifact (docs/runtime.md). A stale, corrupt or foreign artifact is never trusted: it is recompiled and replaced.
/// Only an artifact whose MAC verifies with this installation's <see cref="AotKey"/>, and whose header says it holds
/// the kind wanted, is ever deserialized. The rules are the same for both kinds (<see cref="AotCache.Components"/>).
/// </summary>
internal sealed partial class AotCache(Engine engine, string engineSha256, bool enabled, AotKey key)
{
    public static string PathFor(string wasmPath) => wasmPath + ".aot";

    public AotHeader Expected(string sourceSha256, string kind = AotKinds.Module) =>
        new(AotArtifact.Format, WasmEngine.WasmtimeVersion, engineSha256, sourceSha256, "", 0, kind);

    /// <summary>
    /// The artifact for <paramref name="sourceSha256"/> when one is present and verified; otherwise compiles
    /// <paramref name="wasm"/> (read only then). Throws <see cref="WasmtimeException"/> when the wasm does not compile.
    /// </summary>
    public CompiledArtifact Load(string name, string wasmPath, Func<byte[]> wasm, string sourceSha256)
    {
        var found = TryLoad(name, wasmPath, sourceSha256, out var invalid, out var detail);
        if (found is not null) return found;
        var (module, compileTime, written, writeError) = CompileAndWrite(wasmPath, sourceSha256, AotKinds.Module, ModuleCompiler(name, wasm()));
        return new CompiledArtifact(module.Value, CacheTier.Compiled, module.Serialized.Length, compileTime, invalid, detail, writeError, written);
    }

    public CompiledArtifact Load(string name, string wasmPath, byte[] wasm, string sourceSha256) =>
        Load(name, wasmPath, () => wasm, sourceSha256);

    /// <summary>The verified artifact made from <paramref name="sourceSha256"/>, or null and why not (null reason: none on disk).</summary>
    public CompiledArtifact? TryLoad(string name, string wasmPath, string sourceSha256, out AotInvalidReason? invalid, out string? detail)
    {
        var module = TryRead(wasmPath, Expected(sourceSha256), bytes => Module.Deserialize(engine, name, bytes), out var size, out invalid, out detail);
        return module is null ? null : new CompiledArtifact(module, CacheTier.Aot, size, TimeSpan.Zero);
    }

    /// <summary>
    /// Compiles an upload and writes its artifact to a temporary file beside where it belongs (null when the AOT
    /// cache is off), for a deployment to rename into place together with the module. Throws
    /// <see cref="WasmtimeException"/> when the wasm does not compile, <see cref="IOException"/> when the artifact
    /// cannot be written; either way nothing is left behind.
    /// </summary>
    public (CompiledArtifact Artifact, string? TemporaryPath) Stage(string name, string wasmPath, byte[] wasm, string sourceSha256)
    {
        var (module, compileTime, temp) = CompileAndStage(wasmPath, sourceSha256, AotKinds.Module, ModuleCompiler(name, wasm));
        return (new CompiledArtifact(module.Value, CacheTier.Compiled, module.Serialized.Length, compileTime, ArtifactWritten: temp is not null), temp);
    }

    // Every kind goes through the three steps below, so the rules (verify before trusting, replace what is not
    // current, never leave a partial file) are written once.

    private T? TryRead<T>(string wasmPath, AotHeader expected, Func<byte[], T> deserialize, out long size,
        out AotInvalidReason? invalid, out string? detail) where T : class
    {
        var aotPath = PathFor(wasmPath);
        size = 0;
        invalid = null;
        detail = null;
        if (!enabled || !File.Exists(aotPath)) return null;
        try
        {
            var artifact = AotArtifact.Read(aotPath, expected, key, out var reason, out detail);
            if (artifact is not null)
            {
                size = artifact.Length;
                return deserialize(artifact);
            }
            invalid = reason;
        }
        catch (WasmtimeException e)
        {
            invalid = e.Message.Contains("compiled with", StringComparison.Ordinal) || e.Message.Contains("incompatible", StringComparison.Ordinal)
                ? AotInvalidReason.VersionMismatch
                : AotInvalidReason.Corrupt;
            detail = e.Message;
        }
        catch (AotKeyException)
        {
            // Nothing can be verified, nor written: the compilation that follows says why (aot_write_failed).
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            invalid = AotInvalidReason.Corrupt;
            detail = e.Message;
        }
        return null;
    }

    private (Compiled<T> Compiled, TimeSpan CompileTime, bool Written, string? WriteError) CompileAndWrite<T>(
        string wasmPath, string sourceSha256, string kind, Func<Compiled<T>> compile) where T : IDisposable
    {
        var started = Stopwatch.GetTimestamp();
        var compiled = compile();
        var compileTime = Stopwatch.GetElapsedTime(started);
        if (!enabled) return (compiled, compileTime, false, null);
        try
        {
            AotArtifact.Write(PathFor(wasmPath), Header(sourceSha256, kind, compiled.Serialized), compiled.Serialized, key);
            return (compiled, compileTime, true, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (compiled, compileTime, false, e.Message);
        }
    }

    private (Compiled<T> Compiled, TimeSpan CompileTime, string? TemporaryPath) CompileAndStage<T>(
        string wasmPath, string sourceSha256, string kind, Func<Compiled<T>> compile) where T : IDisposable
    {
        var started = Stopwatch.GetTimestamp();
        var compiled = compile();
        var compileTime = Stopwatch.GetElapsedTime(started);
        try
        {
            var temp = enabled
                ? AotArtifact.WriteTemporary(PathFor(wasmPath), Header(sourceSha256, kind, compiled.Serialized), compiled.Serialized, key)
                : null;
            return (compiled, compileTime, temp);
        }
        catch
        {
            compiled.Value.Dispose();
            throw;
        }
    }

    private Func<Compiled<Module>> ModuleCompiler(string name, byte[] wasm) => () =>
    {
        if (CoreModuleTypes.Refusal(wasm) is { } refusal) throw new WasmtimeException(refusal);
        var module = Module.FromBytes(engine, name, wasm);
        return new Compiled<Module>(module, module.Serialize());
    };

    private AotHeader Header(string sourceSha256, string kind, byte[] serialized) => Expected(sourceSha256, kind) with
    {
        ArtifactSha256 = AotArtifact.Sha256(serialized),
        ArtifactBytes = serialized.Length,
    };
}
