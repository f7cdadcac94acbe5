using Mik.Durable.Runtime.Wasm;
using Mik.Durable.Runtime.Wasm.Native;
using Wasmtime;

namespace Mik.Durable.Runtime.Wagi;

/// <summary>
/// Calls a module's export in a fresh Store, with the managed WASI subset (through the C API), or with Wasmtime's
/// WASI for modules with volumes (through Wasmtime.Dotnet). The Store is always limited (deadline, memory) and
/// always disposed.
/// </summary>
internal sealed class GuestInvoker(WasmEngine engine)
{
    public GuestRun Invoke(WagiModule module, GuestInput input, OutputBuffer stdout, StderrCollector stderr) =>
        module.UsesWasmtimeWasi
            ? InvokeWithWasmtimeWasi(module, input, stdout, stderr)
            : InvokeManaged(module, input, stdout, stderr);

    private GuestRun InvokeManaged(WagiModule module, GuestInput input, OutputBuffer stdout, StderrCollector stderr)
    {
        var state = new WasiRequestState(
            WasiStrings.Encode(input.Argv), WasiStrings.Encode(input.Env), input.Stdin, stdout, stderr, engine.Time);
        return NativeGuestRunner.Run(engine.NativeEngine, module.InstancePre!, state, engine.TicksFor(module.Settings.Timeout),
            module.MaxMemoryBytes, input.Entrypoint, module.IsCallable(input.Entrypoint));
    }

    private GuestRun InvokeWithWasmtimeWasi(WagiModule module, GuestInput input, OutputBuffer stdout, StderrCollector stderr)
    {
        using var store = new Store(engine.Engine);
        StdinFile? stdin = null;
        try
        {
            var config = new WasiConfiguration()
                .WithArgs(input.Argv)
                .WithEnvironmentVariables(input.Env.Select(e => (e.Key, e.Value)))
                // Runs on a Wasmtime thread while this one waits, so the buffer is never used concurrently.
                // Throwing closes the guest's stdout: its later writes fail and the overflow is reported.
                .WithStandardOutputCallback(data =>
                {
                    if (!stdout.TryWrite(data)) throw new OutputTooLargeException(stdout.Limit);
                })
                .WithStandardErrorCallback(data => stderr.Write(data));
            if (!input.Stdin.IsEmpty)
            {
                stdin = StdinFile.Create(input.Stdin.Span);
                config.WithStandardInput(stdin.Path);
            }
            foreach (var volume in module.Settings.Volumes)
                config.WithPreopenedDirectory(volume.HostPath, volume.GuestPath, volume.Writable);
            // Mandatory before instantiating: a WASI call in a Store without it aborts the whole process.
            store.SetWasiConfiguration(config);
        }
        catch (Exception e) when (e is WasmtimeException or InvalidOperationException or IOException)
        {
            // Wasmtime reports an unopenable preopen folder as InvalidOperationException. No instance exists yet.
            return new GuestRun(new WasmtimeException($"cannot set up WASI: {e.Message}", e),
                Instantiated: false, MemoryBytes: -1);
        }
        finally
        {
            // Wasmtime opened the file in SetWasiConfiguration; the open descriptor outlives the name.
            stdin?.Dispose();
        }
        GuestRunner.Limit(store, engine.TicksFor(module.Settings.Timeout), module.MaxMemoryBytes);
        return GuestRunner.Run(store, module.Linker!, module.Module, input.Entrypoint);
    }
}
