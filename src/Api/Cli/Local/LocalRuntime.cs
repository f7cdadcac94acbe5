using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Files;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;
using Wasmtime;

namespace Mik.Durable.Api.Cli.Local;

/// <summary>
/// The server's engine, executors and per-module settings without a server, for <c>mik validate</c> and <c>mik call</c>.
/// A module is compiled in memory: the AOT cache is the server's and is neither read nor written.
/// </summary>
internal sealed class LocalRuntime(MikConfig config) : IDisposable
{
    public MikConfig Config { get; } = config;
    public WasmEngine Engine { get; } = new(WasmEngineOptions.FromConfig(config));
    public WagiExecutor Executor => field ??= new WagiExecutor(Engine);
    public ComponentExecutor Components => field ??= new ComponentExecutor(Engine, Outbound);

    /// <summary>Outgoing HTTP for <c>mik call</c>, behind the module's <c>allowed_outbound_hosts</c> as in the server.</summary>
    private OutboundHttp Outbound { get; } = new();

    /// <summary>
    /// Reads <paramref name="path"/> (never blocking on a FIFO) and loads it as module <paramref name="name"/> the way
    /// the server's <see cref="ModuleLoader"/> does. Null and the reason when no request to it can work; a
    /// <see cref="FileNotFoundException"/> or <see cref="NotARegularFileException"/> is the caller's to word.
    /// </summary>
    public LoadedModule? Load(string name, string path, out string? problem, out LoadStage stage, Action<Module>? inspect = null,
        Action<HttpComponent>? inspectComponent = null)
    {
        var file = ModuleFile.Read(name, path);
        problem = file.Problem;
        stage = LoadStage.NotCoreModule;
        if (problem is not null) return null;
        if (HttpComponent.IsComponent(file.Bytes)) return LoadComponent(file, out problem, out stage, inspectComponent);
        Module compiled;
        try
        {
            stage = LoadStage.Compile;
            compiled = Engine.Compile(name, file.Bytes);
        }
        catch (WasmtimeException e)
        {
            problem = e.Message;
            return null;
        }
        stage = LoadStage.Load;
        inspect?.Invoke(compiled);
        var module = new WagiModule(Engine, name, compiled, WagiModuleSettings.Resolve(Config.Server, Config.Modules.GetValueOrDefault(name)));
        var loaded = new LoadedModule(module, Executor.DiscoverRoutes(module), file.Sha256, file.Size, Runtime.CompileCache.CacheTier.Compiled);
        if (loaded.Unservable is { } unservable)
        {
            loaded.Dispose();
            problem = unservable;
            return null;
        }
        stage = LoadStage.Loaded;
        return loaded;
    }

    // The server's ModuleLoader.LoadComponent, compiled in memory. Imports are resolved per request, as the server does.
    private LoadedModule? LoadComponent(ModuleFile file, out string? problem, out LoadStage stage, Action<HttpComponent>? inspect)
    {
        HttpComponent component;
        stage = LoadStage.Compile;
        try
        {
            component = HttpComponent.Compile(Engine.NativeEngine, file.Name, file.Bytes);
        }
        catch (WasmtimeException e)
        {
            // It compiled, but it is no wasi:http handler.
            if (e.Message.Contains(HttpComponent.HandlerInterface, StringComparison.Ordinal)) stage = LoadStage.Load;
            problem = e.Message;
            return null;
        }
        inspect?.Invoke(component);
        problem = null;
        stage = LoadStage.Loaded;
        var settings = WagiModuleSettings.Resolve(Config.Server, Config.Modules.GetValueOrDefault(file.Name));
        return new LoadedModule(new ComponentModule(Engine, component, settings), file.Sha256, file.Size, Runtime.CompileCache.CacheTier.Compiled);
    }

    public void Dispose()
    {
        Outbound.Dispose();
        Engine.Dispose();
    }
}
