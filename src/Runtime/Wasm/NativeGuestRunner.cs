using System.Runtime.InteropServices;
using System.Text;
using Wasmtime;
using static Mik.Durable.Runtime.Wasm.WasmtimeApi;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// Runs a pre-linked module with the managed WASI subset in a fresh Store, straight on Wasmtime's C API: the
/// request state is the Store's data, the Store is limited (deadline, memory) before anything runs and deleted at
/// the end, and every failure becomes a <see cref="GuestRun"/>.
/// </summary>
internal static unsafe class NativeGuestRunner
{
    /// <param name="entrypointCallable">Whether the module exports <see cref="GuestInput.Entrypoint"/> without parameters and results.</param>
    public static GuestRun Run(WasmEngine engine, InstancePreHandle pre, GuestInput input, OutputBuffer stdout, StderrCollector stderr,
        TimeSpan timeout, long maxMemoryBytes, bool entrypointCallable)
    {
        var state = new WasiRequestState(
            WasiStrings.Encode(input.Argv), WasiStrings.Encode(input.Env), input.Stdin, stdout, stderr, engine.Time);
        var entrypoint = input.Entrypoint;
        var data = GCHandle.Alloc(state);
        var store = wasmtime_store_new(engine.NativeEngine, GCHandle.ToIntPtr(data), IntPtr.Zero);
        var held = false;
        try
        {
            pre.DangerousAddRef(ref held);
            var context = wasmtime_store_context(store);
            // With epoch interruption on, a Store without a deadline traps at once; start functions run guest code.
            wasmtime_context_set_epoch_deadline(context, engine.TicksFor(timeout));
            wasmtime_store_limiter(store, maxMemoryBytes, -1, -1, -1, -1);

            InstanceBuffer instance = default;
            var error = wasmtime_instance_pre_instantiate(pre.DangerousGetHandle(), context, &instance, out var trap);
            if (error != IntPtr.Zero || trap != IntPtr.Zero)
            {
                // A start function that traps or exits ran guest code; anything else is an instantiation failure.
                var ranGuestCode = trap != IntPtr.Zero || state.HostFailure is not null;
                var failure = NativeFailure.Take(error, trap);
                return Failed(failure, state, ranGuestCode || failure.ExitStatus is not null, -1);
            }

            ExternBuffer export = default;
            if (!entrypointCallable || !Export(context, &instance, entrypoint, &export) || !Is(&export, ExternFunc))
                return GuestRun.MissingEntrypoint(entrypoint);

            error = wasmtime_func_call(context, (byte*)&export + ExternPayload, null, 0, null, 0, out trap);
            var memoryBytes = MemoryBytes(context, &instance, state);
            return error == IntPtr.Zero && trap == IntPtr.Zero
                ? new GuestRun(null, Instantiated: true, memoryBytes)
                : Failed(NativeFailure.Take(error, trap), state, instantiated: true, memoryBytes);
        }
        finally
        {
            wasmtime_store_delete(store);
            data.Free();
            if (held) pre.DangerousRelease();
        }
    }

    private static GuestRun Failed(NativeFailure failure, WasiRequestState state, bool instantiated, long memoryBytes) =>
        new(new WasmtimeException(failure.Message, state.HostFailure), instantiated, memoryBytes)
        {
            ExitCode = (state.HostFailure as ProcExitException)?.Code ?? failure.ExitStatus,
            Interrupted = failure.Interrupted,
            Function = failure.Function,
        };

    private static bool Export(IntPtr context, InstanceBuffer* instance, string name, ExternBuffer* item)
    {
        var size = Encoding.UTF8.GetMaxByteCount(name.Length);
        // Entrypoint names come from config or from a guest's _routes: usually short, never trusted to be.
        Span<byte> utf8 = size <= 512 ? stackalloc byte[size] : new byte[size];
        var length = Encoding.UTF8.GetBytes(name, utf8);
        fixed (byte* bytes = utf8) return wasmtime_instance_export_get(context, instance, bytes, (nuint)length, item);
    }

    // The WASI functions have usually looked the memory up already; otherwise ask the instance once.
    private static long MemoryBytes(IntPtr context, InstanceBuffer* instance, WasiRequestState state)
    {
        ExternBuffer memory = state.Memory;
        var found = state.MemoryLookedUp ? state.HasMemory : Export(context, instance, "memory", &memory) && Is(&memory, ExternMemory);
        return found ? (long)wasmtime_memory_data_size(context, (byte*)&memory + ExternPayload) : -1;
    }
}
