using Wasmtime;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>Instantiates a module in a prepared Store and calls its entrypoint, turning every failure into a value.</summary>
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
            return new GuestRun(e, Instantiated: IsGuestFailure(e), MemoryBytes: -1);
        }

        var call = instance.GetAction(entrypoint);
        if (call is null)
        {
            return new GuestRun(
                new WasmtimeException($"the module exports no function '{entrypoint}' without parameters and results"),
                Instantiated: false, MemoryBytes: -1);
        }

        try
        {
            call();
            return new GuestRun(null, Instantiated: true, MemoryBytes(store, instance));
        }
        catch (WasmtimeException e)
        {
            return new GuestRun(e, Instantiated: true, MemoryBytes(store, instance));
        }
    }

    // The managed WASI functions have usually looked the memory up already; another lookup by name costs a native
    // call, a string conversion and a cache entry in the Store.
    private static long MemoryBytes(Store store, Instance instance) =>
        ((store.GetData() as WasiRequestState)?.Memory ?? instance.GetMemory("memory"))?.GetLength() ?? -1;

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
