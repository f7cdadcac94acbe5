using System.Diagnostics;
using System.Reflection;
using Wasmtime;
using Module = Wasmtime.Module;

namespace Mik.Durable.Runtime.Cache;

/// <summary>
/// Loads a module from its verified <c>&lt;module&gt;.wasm.aot</c>, or compiles it and rewrites the artifact
/// (design section 10). A stale, corrupt or foreign artifact is never trusted: it is recompiled and replaced.
/// </summary>
internal sealed class AotCache(Engine engine, string engineSha256, bool enabled)
{
    public static string WasmtimeVersion { get; } =
        typeof(Engine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(Engine).Assembly.GetName().Version?.ToString() ?? "unknown";

    public static string PathFor(string wasmPath) => wasmPath + ".aot";

    public AotHeader Expected(string sourceSha256) =>
        new(AotArtifact.Format, WasmtimeVersion, engineSha256, sourceSha256, "", 0);

    /// <summary>Throws <see cref="WasmtimeException"/> when the wasm itself does not compile.</summary>
    public CompiledArtifact Load(string name, string wasmPath, byte[] wasm, string sourceSha256)
    {
        var aotPath = PathFor(wasmPath);
        AotInvalidReason? invalid = null;
        string? detail = null;
        if (enabled && File.Exists(aotPath))
        {
            try
            {
                var artifact = AotArtifact.Read(aotPath, Expected(sourceSha256), out var reason, out detail);
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
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                invalid = AotInvalidReason.Corrupt;
                detail = e.Message;
            }
        }

        var started = Stopwatch.GetTimestamp();
        var module = Module.FromBytes(engine, name, wasm);
        var compileTime = Stopwatch.GetElapsedTime(started);
        var serialized = module.Serialize();
        string? writeError = null;
        if (enabled)
        {
            try
            {
                AotArtifact.Write(aotPath, Expected(sourceSha256) with
                {
                    ArtifactSha256 = AotArtifact.Sha256(serialized),
                    ArtifactBytes = serialized.Length,
                }, serialized);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                writeError = e.Message;
            }
        }
        return new CompiledArtifact(module, CacheTier.Compiled, serialized.Length, compileTime, invalid, detail, writeError);
    }
}
