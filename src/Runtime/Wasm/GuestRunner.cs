using Wasmtime;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// Instantiates a module in a prepared Wasmtime.Dotnet Store and calls its entrypoint, turning every failure into a
/// value: the path of modules with volumes, which need Wasmtime's own WASI (the others run through
/// <see cref="Native.NativeGuestRunner"/>).
/// </summary>
internal static class GuestRunner
{
    /// <summary>
    /// Sets the deadline and the memory cap, which every Store needs: with epoch interruption on, a Store without
    /// a deadline traps at once.
    /// </summary>
    public static void Limit(Store store, ulong deadlineTicks, long maxMemoryBytes)
    {
        store.SetEpochDeadline(deadlineTicks);
        store.SetLimits(memorySize: maxMemoryBytes);
    }

    public static GuestRun Run(Store store, Linker linker, Module module, string entrypoint)
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
            Interrupted = e is TrapException { Type: TrapCode.Interrupt },
            Function = e.Frames?.FirstOrDefault()?.FunctionName,
        };

    private static bool IsGuestFailure(WasmtimeException e) =>
        e is TrapException || e.ExitCode is not null || Find<ProcExitException>(e) is not null;

    /// <summary>Host-function exceptions come back as the inner exception of Wasmtime's.</summary>
    public static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found) return found;
        }
        return null;
    }
}
