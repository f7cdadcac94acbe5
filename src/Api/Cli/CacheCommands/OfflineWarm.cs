using Mik.Durable.Api.Cli.Local;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Wasm;
using Wasmtime;

namespace Mik.Durable.Api.Cli.CacheCommands;

/// <summary>
/// Compiles every module of a stopped mik that lacks a current artifact and writes the artifact, with the engine
/// configuration and key <c>mik serve</c> uses, so its next start loads each one from tier aot.
/// </summary>
internal static class OfflineWarm
{
    public const string Current = "current";
    public const string Compiled = "compiled";
    public const string Failed = "failed";

    /// <summary>The <c>*.wasm</c> files of the modules folder, by name.</summary>
    public static IReadOnlyList<string> Modules(OfflineCache cache) =>
        Directory.Exists(cache.ModulesDir)
            ? [.. Directory.EnumerateFiles(cache.ModulesDir, "*.wasm").Order(StringComparer.Ordinal)]
            : [];

    public static Func<string, WarmResult> Warmer(OfflineCache cache, LocalRuntime runtime)
    {
        var aot = new AotCache(runtime.Engine.Engine, AotArtifact.Sha256(System.Text.Encoding.UTF8.GetBytes(WasmEngine.CompilationFingerprint)),
            enabled: true, cache.Key);
        return path => Warm(aot, cache.Key, path);
    }

    private static WarmResult Warm(AotCache aot, AotKey key, string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        try
        {
            var file = ModuleFile.Read(name, path);
            if (file.Problem is { } problem) return new WarmResult(name, Failed, 0, problem);
            if (AotCacheFolder.Describe(path, file.Sha256, key) is { State: AotFileStates.Current } current)
                return new WarmResult(name, Current, current.Bytes, null);
            if (HttpComponent.IsComponent(file.Bytes))
            {
                var component = aot.LoadComponent(name, path, () => file.Bytes, file.Sha256);
                using (component.Component) return Result(name, component);
            }
            var artifact = aot.Load(name, path, file.Bytes, file.Sha256);
            using (artifact.Module) return Result(name, artifact);
        }
        catch (WasmtimeException e)
        {
            return new WarmResult(name, Failed, 0, e.Message.ReplaceLineEndings(" "));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or AotKeyException or Runtime.Files.NotARegularFileException)
        {
            return new WarmResult(name, Failed, 0, e.Message.ReplaceLineEndings(" "));
        }
    }

    private static WarmResult Result(string name, CompileOutcome artifact)
    {
        if (artifact.Tier == CacheTier.Aot) return new WarmResult(name, Current, artifact.ArtifactBytes, null);
        return artifact.ArtifactWritten
            ? new WarmResult(name, Compiled, artifact.ArtifactBytes, null)
            : new WarmResult(name, Failed, 0, "compiled, but the artifact was not written: " + (artifact.WriteError ?? "unknown reason"));
    }
}
