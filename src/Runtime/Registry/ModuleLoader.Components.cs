using Microsoft.Extensions.Logging;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Wagi;
using Wasmtime;

namespace Mik.Durable.Runtime.Registry;

/// <summary>Loading a component (docs/components.md).</summary>
internal sealed partial class ModuleLoader
{
    /// <summary>
    /// Loads a component from its verified AOT artifact, or compiles it and writes one: the artifact rules of modules
    /// (docs/runtime.md), with <c>kind: component</c> in the header so that neither is ever read as the other.
    /// </summary>
    private LoadedModule? LoadComponent(ModuleVersion version, out string? problem)
    {
        CompiledComponent artifact;
        try
        {
            artifact = _aot.LoadComponent(version.Name, version.Path, () => ReadExpected(version), version.Sha256);
        }
        catch (ModuleChangedException)
        {
            problem = null;
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{ModuleProblems.Unreadable}: {e.Message}";
            return null;
        }
        catch (WasmtimeException e)
        {
            problem = e.Message;
            return null;
        }

        if (artifact.Tier == CacheTier.Aot) stats.AotHit();
        else stats.Miss(artifact.CompileTime);
        RecordCacheEvents(version, artifact);
        problem = null;
        var settings = WagiModuleSettings.Resolve(config.Server, config.Modules.GetValueOrDefault(version.Name));
        Loaded(logger, version.Name, version.Sha256, artifact.Tier.ToString().ToLowerInvariant(),
            Math.Round(artifact.CompileTime.TotalMilliseconds, 1), artifact.ArtifactBytes);
        WarnIfVolumes(version.Name, settings);
        return new LoadedModule(new ComponentModule(engine, artifact.Component, settings), version.Sha256, artifact.ArtifactBytes, artifact.Tier);
    }

    /// <summary>A component upload, compiled and staged like a module's (see <see cref="Stage"/>).</summary>
    private StagedModule StageComponent(string name, string wasmPath, byte[] wasm, string sha256)
    {
        var (artifact, aotTemporary) = _aot.StageComponent(name, wasmPath, wasm, sha256);
        return Staged(name, wasmPath, wasm, sha256, artifact, aotTemporary, artifact.Component.Dispose, () =>
        {
            var settings = WagiModuleSettings.Resolve(config.Server, config.Modules.GetValueOrDefault(name));
            WarnIfVolumes(name, settings);
            return new LoadedModule(new ComponentModule(engine, artifact.Component, settings), sha256, artifact.ArtifactBytes, CacheTier.Compiled);
        });
    }

    // Decision (docs/components.md): a component gets no preopened directory yet, so volumes configured for one
    // would silently do nothing; say so each time it loads.
    private void WarnIfVolumes(string module, WagiModuleSettings settings)
    {
        if (settings.Volumes.Count > 0)
            VolumesIgnored(logger, module, string.Join(",", settings.Volumes.Select(v => v.GuestPath)));
    }

    [LoggerMessage(EventId = 2018, Level = LogLevel.Warning, Message = "component_volumes_ignored")]
    private static partial void VolumesIgnored(ILogger logger, string module, string volumes);
}
