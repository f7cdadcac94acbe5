using Mik.Durable.Runtime.Engine;
using Wasmtime;

namespace Mik.Durable.Runtime.Wagi;

/// <summary>
/// Runs one WAGI request: a fresh Store and instance, the request in env/argv/stdin, the response parsed from
/// stdout (design §2). Thread-safe; blocks the calling thread for the guest's run time.
/// </summary>
internal sealed class WagiExecutor(WasmEngine engine)
{
    public WagiResult Execute(WagiModule module, WagiRequest request)
    {
        var stderr = new StderrCollector(engine.Options.MaxStderrBytes);
        if (module.Problem is not null)
            return WagiResult.Failed(WagiFailureKind.InstantiateFailed, WagiOutcome.FailedToInstantiate + module.Problem, []);

        var env = WagiEnvironment.Build(request, module.Settings.Env);
        var argv = WagiArgv.Build(request);
        var stdout = new OutputBuffer(engine.Options.MaxStdoutBytes);
        var success = false;
        try
        {
            var run = module.UsesWasmtimeWasi
                ? RunWithWasmtimeWasi(module, request, env, argv, stdout, stderr)
                : RunManaged(module, request, env, argv, stdout, stderr);
            var failure = WagiOutcome.Classify(run, module.Settings, stdout);
            if (failure is not null) return WagiResult.Failed(failure.Kind, failure.Message, stderr.Complete());

            if (!CgiResponseParser.TryParse(stdout.Written, out var response, out var error))
            {
                var kind = WagiOutcome.IsNearMemoryCap(run.MemoryBytes, module.Settings.MaxMemoryBytes)
                    ? WagiFailureKind.MemoryLimit
                    : WagiFailureKind.InvalidHandlerOutput;
                return WagiResult.Failed(kind, error, stderr.Complete());
            }
            success = true;
            return WagiResult.Success(response, stderr.Complete(), stdout);
        }
        finally
        {
            if (!success) stdout.Dispose();
        }
    }

    private GuestRun RunManaged(WagiModule module, WagiRequest request, List<KeyValuePair<string, string>> env,
        string[] argv, OutputBuffer stdout, StderrCollector stderr)
    {
        var state = new WasiRequestState(
            WasiStrings.Encode(argv), WasiStrings.Encode(env.ConvertAll(e => $"{e.Key}={e.Value}")), request.Body,
            stdout, stderr, engine.Time);
        using var store = new Store(engine.Engine, state);
        GuestRunner.Limit(store, engine.TicksFor(module.Settings.Timeout), module.Settings.MaxMemoryBytes);
        return GuestRunner.Run(store, module.Linker, module.Module, module.Settings.Entrypoint);
    }

    private GuestRun RunWithWasmtimeWasi(WagiModule module, WagiRequest request,
        List<KeyValuePair<string, string>> env, string[] argv, OutputBuffer stdout, StderrCollector stderr)
    {
        using var store = new Store(engine.Engine);
        StdinFile? stdin = null;
        try
        {
            var config = new WasiConfiguration()
                .WithArgs(argv)
                .WithEnvironmentVariables(env.Select(e => (e.Key, e.Value)))
                // Runs on a Wasmtime thread while this one waits, so the buffer is never used concurrently.
                // Throwing closes the guest's stdout: its later writes fail and Classify reports the overflow.
                .WithStandardOutputCallback(data =>
                {
                    if (!stdout.TryWrite(data)) throw new OutputTooLargeException(stdout.Limit);
                })
                .WithStandardErrorCallback(data => stderr.Write(data));
            if (!request.Body.IsEmpty)
            {
                stdin = StdinFile.Create(request.Body.Span);
                config.WithStandardInput(stdin.Path);
            }
            foreach (var volume in module.Settings.Volumes)
                config.WithPreopenedDirectory(volume.HostPath, volume.GuestPath, volume.Writable);
            // Mandatory before instantiating: a WASI call in a Store without it aborts the whole process.
            store.SetWasiConfiguration(config);
        }
        catch (Exception e) when (e is WasmtimeException or InvalidOperationException or IOException)
        {
            // Wasmtime reports an unopenable preopen folder as InvalidOperationException.
            return new GuestRun(new WasmtimeException($"cannot set up WASI: {e.Message}", e),
                Instantiated: false, MemoryBytes: -1);
        }
        finally
        {
            // Wasmtime opened the file in SetWasiConfiguration; the open descriptor outlives the name.
            stdin?.Dispose();
        }
        GuestRunner.Limit(store, engine.TicksFor(module.Settings.Timeout), module.Settings.MaxMemoryBytes);
        return GuestRunner.Run(store, module.Linker, module.Module, module.Settings.Entrypoint);
    }
}
