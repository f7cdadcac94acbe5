using System.Diagnostics;
using Mik.Durable.Runtime.Wasm;
using Wasmtime;

namespace Mik.Durable.Runtime.CompileCache;

/// <summary>
/// Loads a module from its verified <c>&lt;module&gt;.wasm.aot</c>, or compiles it and rewrites the artifact
/// (docs/runtime.md). A stale, corrupt or foreign artifact is never trusted: it is recompiled and replaced. Only an
/// artifact whose MAC verifies with this installation's <see cref="AotKey"/> is ever deserialized.
/// </summary>
internal sealed class AotCache(Engine engine, string engineSha256, bool enabled, AotKey key)
{
    public static string PathFor(string wasmPath) => wasmPath + ".aot";

    public AotHeader Expected(string sourceSha256) =>
        new(AotArtifact.Format, WasmEngine.WasmtimeVersion, engineSha256, sourceSha256, "", 0);

    /// <summary>
    /// The artifact for <paramref name="sourceSha256"/> when one is present and verified; otherwise compiles
    /// <paramref name="wasm"/> (read only then). Throws <see cref="WasmtimeException"/> when the wasm does not compile.
    /// </summary>
    public CompiledArtifact Load(string name, string wasmPath, Func<byte[]> wasm, string sourceSha256)
    {
        var found = TryLoad(name, wasmPath, sourceSha256, out var invalid, out var detail);
        return found ?? Compile(name, wasmPath, wasm(), sourceSha256, invalid, detail);
    }

    public CompiledArtifact Load(string name, string wasmPath, byte[] wasm, string sourceSha256) =>
        Load(name, wasmPath, () => wasm, sourceSha256);

    /// <summary>The verified artifact made from <paramref name="sourceSha256"/>, or null and why not (null reason: none on disk).</summary>
    public CompiledArtifact? TryLoad(string name, string wasmPath, string sourceSha256, out AotInvalidReason? invalid, out string? detail)
    {
        var aotPath = PathFor(wasmPath);
        invalid = null;
        detail = null;
        if (enabled && File.Exists(aotPath))
        {
            try
            {
                var artifact = AotArtifact.Read(aotPath, Expected(sourceSha256), key, out var reason, out detail);
                if (artifact is not null)
                    return new CompiledArtifact(Module.Deserialize(engine, name, artifact), CacheTier.Aot, artifact.Length, TimeSpan.Zero);
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
        }
        return null;
    }

    /// <summary>
    /// Compiles an upload and writes its artifact to a temporary file beside where it belongs (null when the AOT
    /// cache is off), for a deployment to rename into place together with the module. Throws
    /// <see cref="WasmtimeException"/> when the wasm does not compile, <see cref="IOException"/> when the artifact
    /// cannot be written; either way nothing is left behind.
    /// </summary>
    public (CompiledArtifact Artifact, string? TemporaryPath) Stage(string name, string wasmPath, byte[] wasm, string sourceSha256)
    {
        var (module, serialized, compileTime) = CompileBytes(name, wasm);
        try
        {
            var temp = enabled ? AotArtifact.WriteTemporary(PathFor(wasmPath), Header(sourceSha256, serialized), serialized, key) : null;
            return (new CompiledArtifact(module, CacheTier.Compiled, serialized.Length, compileTime, ArtifactWritten: temp is not null), temp);
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    private CompiledArtifact Compile(string name, string wasmPath, byte[] wasm, string sourceSha256, AotInvalidReason? invalid, string? detail)
    {
        var (module, serialized, compileTime) = CompileBytes(name, wasm);
        string? writeError = null;
        var written = false;
        if (enabled)
        {
            try
            {
                AotArtifact.Write(PathFor(wasmPath), Header(sourceSha256, serialized), serialized, key);
                written = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                writeError = e.Message;
            }
        }
        return new CompiledArtifact(module, CacheTier.Compiled, serialized.Length, compileTime, invalid, detail, writeError, written);
    }

    private (Module Module, byte[] Serialized, TimeSpan CompileTime) CompileBytes(string name, byte[] wasm)
    {
        var started = Stopwatch.GetTimestamp();
        var module = Module.FromBytes(engine, name, wasm);
        var compileTime = Stopwatch.GetElapsedTime(started);
        return (module, module.Serialize(), compileTime);
    }

    private AotHeader Header(string sourceSha256, byte[] serialized) => Expected(sourceSha256) with
    {
        ArtifactSha256 = AotArtifact.Sha256(serialized),
        ArtifactBytes = serialized.Length,
    };
}
