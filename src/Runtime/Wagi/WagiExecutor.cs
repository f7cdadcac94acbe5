using System.Text;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Runtime.Wagi;

/// <summary>
/// Runs one WAGI request: a fresh Store and instance, the request in env/argv/stdin, the response parsed from
/// stdout (docs/wagi.md). Thread-safe; blocks the calling thread for the guest's run time.
/// </summary>
internal sealed class WagiExecutor(WasmEngine engine)
{
    /// <summary>
    /// Serves <paramref name="request"/> with the module's entrypoint, or with <paramref name="entrypoint"/> for a
    /// <c>_routes</c> sub-route (pass the request through <see cref="WagiSubRoute.Apply"/> too).
    /// </summary>
    public WagiResult Execute(WagiModule module, WagiRequest request, string? entrypoint = null)
    {
        if (module.LinkProblem is not null)
            return WagiResult.Failed(WagiFailureKind.InstantiateFailed, WagiOutcome.FailedToInstantiate + module.LinkProblem, [], -1);

        var input = new GuestInput(
            module.ReadsEnvironment ? WagiEnvironment.Build(request, module.Settings.Env) : [],
            module.ReadsArguments ? WagiArgv.Build(request) : [], request.Body, entrypoint ?? module.Settings.Entrypoint);
        var stderr = new StderrCollector(engine.Options.MaxStderrBytes);
        var stdout = new OutputBuffer(engine.Options.MaxStdoutBytes);
        var success = false;
        try
        {
            var run = Run(module, input, stdout, stderr);
            var failure = WagiOutcome.Classify(run, module, stdout);
            if (failure is not null) return WagiResult.Failed(failure.Kind, failure.Message, stderr.Complete(), run.MemoryBytes);

            if (!CgiResponseParser.TryParse(stdout.Written, out var response, out var error))
            {
                var kind = WagiOutcome.IsNearMemoryCap(run.MemoryBytes, module.MaxMemoryBytes)
                    ? WagiFailureKind.MemoryLimit
                    : WagiFailureKind.InvalidHandlerOutput;
                return WagiResult.Failed(kind, error, stderr.Complete(), run.MemoryBytes);
            }
            success = true;
            return WagiResult.Success(response, stderr.Complete(), stdout, run.MemoryBytes);
        }
        finally
        {
            if (!success) stdout.Dispose();
        }
    }

    /// <summary>
    /// Asks a module that exports <c>_routes</c> for its sub-routes (once, at load): no env, no args, no stdin.
    /// A module without the export has none.
    /// </summary>
    public WagiRoutes DiscoverRoutes(WagiModule module)
    {
        if (!module.ExportsRoutes) return WagiRoutes.None;
        if (module.LinkProblem is not null) return new WagiRoutes([], module.LinkProblem);

        using var stdout = new OutputBuffer(engine.Options.MaxStdoutBytes);
        var run = Run(module, new GuestInput([], [], default, WagiRoutes.Export), stdout, new StderrCollector(engine.Options.MaxStderrBytes));
        var failure = WagiOutcome.Classify(run, module, stdout);
        return failure is not null
            ? new WagiRoutes([], $"{WagiRoutes.Export} failed: {failure.Message}")
            : WagiRoutes.Parse(Encoding.UTF8.GetString(stdout.Written.Span));
    }

    /// <summary>
    /// In a fresh Store: with the managed WASI subset straight on the C API, or with Wasmtime's own WASI for modules
    /// with volumes (see <see cref="WagiModule.UsesWasmtimeWasi"/>).
    /// </summary>
    private GuestRun Run(WagiModule module, GuestInput input, OutputBuffer stdout, StderrCollector stderr) =>
        module.UsesWasmtimeWasi
            ? WasiGuestRunner.Run(engine, module.Linker!, module.Module, input, module.Settings.Volumes, stdout, stderr,
                module.Settings.Timeout, module.MaxMemoryBytes, module.Settings.MaxVolumeWriteBytes)
            : NativeGuestRunner.Run(engine, module.InstancePre!, input, stdout, stderr, module.Settings.Timeout,
                module.MaxMemoryBytes, module.IsCallable(input.Entrypoint));
}
