using Mik.Durable.Runtime.Wagi;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Micro;

/// <summary>
/// The engine as mik sizes it by default and the two guests of the benchmarks: <c>examples/modules/hello.wasm</c> and
/// <c>noop.wat</c>, each loaded the way the module loader does (compiled, then pre-linked by <see cref="WagiModule"/>).
/// </summary>
internal sealed class Guests : IDisposable
{
    public Guests()
    {
        Engine = new WasmEngine(new WasmEngineOptions());
        var folder = AppContext.BaseDirectory;
        Hello = new WagiModule(Engine, "hello", Engine.Compile("hello", File.ReadAllBytes(Path.Combine(folder, "hello.wasm"))),
            new WagiModuleSettings());
        Noop = new WagiModule(Engine, "noop", Engine.CompileText("noop", File.ReadAllText(Path.Combine(folder, "noop.wat"))),
            new WagiModuleSettings());
        if ((Hello.Problem ?? Noop.Problem) is { } problem) throw new InvalidOperationException(problem);
    }

    public WasmEngine Engine { get; }
    public WagiModule Hello { get; }
    public WagiModule Noop { get; }

    /// <summary>A GET as a client sends it: the request path builds one like this for every /run request.</summary>
    public static WagiRequest Get(string module) => new()
    {
        Method = "GET",
        RawPath = "/run/" + module,
        RoutePrefix = "/run/" + module,
        Host = "127.0.0.1:3000",
        RemoteIp = "127.0.0.1",
        Headers =
        [
            new("Host", "127.0.0.1:3000"),
            new("User-Agent", "curl/8.5.0"),
            new("Accept", "*/*"),
        ],
    };

    /// <summary>
    /// What <see cref="WagiExecutor"/> does around the guest for a module without volumes: the request's input, fresh
    /// stdout and stderr, one Store with the pre-linked module instantiated in it, the entrypoint called, the Store gone.
    /// </summary>
    public GuestRun InstanceAndRun(WagiModule module, WagiRequest request, OutputBuffer stdout)
    {
        var input = new GuestInput(
            module.ReadsEnvironment ? WagiEnvironment.Build(request, module.Settings.Env) : [],
            module.ReadsArguments ? WagiArgv.Build(request) : [], request.Body, module.Settings.Entrypoint);
        var stderr = new StderrCollector(Engine.Options.MaxStderrBytes);
        return NativeGuestRunner.Run(Engine, module.InstancePre!, input, stdout, stderr, module.Settings.Timeout,
            module.MaxMemoryBytes, module.IsCallable(input.Entrypoint));
    }

    public void Dispose()
    {
        Hello.Dispose();
        Noop.Dispose();
        Engine.Dispose();
    }
}
