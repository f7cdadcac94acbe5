using Wasmtime;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// Runs a module with Wasmtime's own WASI through Wasmtime.Dotnet, in a fresh Store that is always limited (deadline,
/// memory) and always disposed, turning every failure into a value. The path of modules with volumes, which need real
/// WASI file descriptors; the others run through <see cref="NativeGuestRunner"/>.
/// </summary>
internal static class WasiGuestRunner
{
    public static GuestRun Run(WasmEngine engine, Linker linker, Module module, GuestInput input, IReadOnlyList<GuestVolume> volumes,
        OutputBuffer stdout, StderrCollector stderr, TimeSpan timeout, long maxMemoryBytes, long maxVolumeWriteBytes)
    {
        using var store = new Store(engine.Engine);
        var limits = engine.NewRunLimits(store, timeout, maxVolumeWriteBytes);
        store.SetData(limits);
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
            foreach (var volume in volumes)
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
        // With epoch interruption on, a Store without a deadline traps at once.
        store.SetEpochDeadline(engine.TicksFor(timeout));
        store.SetLimits(memorySize: maxMemoryBytes);
        var run = Call(store, linker, module, input.Entrypoint);
        return limits.DeadlineReached ? run with { Interrupted = true } : run;
    }

    private static GuestRun Call(Store store, Linker linker, Module module, string entrypoint)
    {
        Instance instance;
        try
        {
            instance = linker.Instantiate(store, module);
        }
        catch (WasmtimeException e)
        {
            // A start function that traps or exits ran guest code; anything else is a link/instantiate failure.
            return Failed(e, IsGuestFailure(e), memoryBytes: -1);
        }

        var call = instance.GetAction(entrypoint);
        if (call is null) return GuestRun.MissingEntrypoint(entrypoint);

        try
        {
            call();
            return new GuestRun(null, Instantiated: true, MemoryBytes(instance));
        }
        catch (WasmtimeException e)
        {
            return Failed(e, instantiated: true, MemoryBytes(instance));
        }
    }

    private static long MemoryBytes(Instance instance) => instance.GetMemory("memory")?.GetLength() ?? -1;

    private static GuestRun Failed(WasmtimeException e, bool instantiated, long memoryBytes) =>
        new(e, instantiated, memoryBytes)
        {
            ExitCode = Find<ProcExitException>(e)?.Code ?? e.ExitCode,
            Interrupted = IsInterrupt(e),
            Function = e.Frames?.FirstOrDefault()?.FunctionName,
        };

    /// <summary>
    /// The epoch deadline, or a wait cut at the deadline (<see cref="WasiClockWait"/>); the trap may be inside a
    /// shadowing host function's call to Wasmtime's WASI, so the whole chain is looked at.
    /// </summary>
    private static bool IsInterrupt(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is TrapException { Type: TrapCode.Interrupt } or GuestDeadlineException) return true;
        }
        return false;
    }

    private static bool IsGuestFailure(WasmtimeException e) =>
        e is TrapException || e.ExitCode is not null || Find<ProcExitException>(e) is not null;

    /// <summary>Host-function exceptions come back as the inner exception of Wasmtime's.</summary>
    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found) return found;
        }
        return null;
    }
}
