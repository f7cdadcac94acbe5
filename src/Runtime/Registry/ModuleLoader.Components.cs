using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Wagi;
using Wasmtime;

namespace Mik.Durable.Runtime.Registry;

/// <summary>Loading a component (docs/components.md).</summary>
internal sealed partial class ModuleLoader
{
    /// <summary>
    /// Compiles a component from its file. **Decision** (docs/components.md): no AOT artifact yet, a component is
    /// compiled at every load; <c>wasmtime_component_serialize</c> is there for the next step.
    /// </summary>
    private LoadedModule? LoadComponent(ModuleVersion version, out string? problem)
    {
        byte[] wasm;
        try
        {
            wasm = ReadExpected(version);
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

        var started = time.GetTimestamp();
        HttpComponent component;
        try
        {
            component = HttpComponent.Compile(engine.NativeEngine, version.Name, wasm);
        }
        catch (WasmtimeException e)
        {
            problem = e.Message;
            return null;
        }
        var compileTime = time.GetElapsedTime(started);
        stats.Miss(compileTime);
        problem = null;
        var settings = WagiModuleSettings.Resolve(config.Server, config.Modules.GetValueOrDefault(version.Name));
        Loaded(logger, version.Name, version.Sha256, CacheTier.Compiled.ToString().ToLowerInvariant(),
            Math.Round(compileTime.TotalMilliseconds, 1), 0);
        return new LoadedModule(new ComponentModule(engine, component, settings), version.Sha256, wasm.LongLength, CacheTier.Compiled);
    }
}
