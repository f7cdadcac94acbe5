using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using static Mik.Durable.Runtime.Wasm.WasmtimeApi;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// The WASI preview 1 subset a CGI handler needs, implemented in C# over <see cref="WasiRequestState"/>. It is
/// several times faster than Wasmtime's WASI with stdio callbacks (measured; docs/wagi.md) and, having no
/// WASI context, cannot hit the abort on a Store without <c>SetWasiConfiguration</c>. Anything not here is linked
/// as a trap per module. The functions are Wasmtime "unchecked" host functions: one native entry point reads the
/// arguments from the raw value array and writes the errno back into it.
/// </summary>
internal static unsafe partial class ManagedWasi
{
    public const string ModuleName = "wasi_snapshot_preview1";

    private const byte I32 = 0;
    private const byte I64 = 1;

    private enum Function
    {
        ArgsSizesGet, ArgsGet, EnvironSizesGet, EnvironGet, FdRead, FdWrite, FdFdstatGet, FdSeek, FdClose,
        FdPrestatGet, FdPrestatDirName, ClockTimeGet, ClockResGet, RandomGet, SchedYield, ProcExit,
    }

    // In the order of Function: name, parameter kinds, whether it returns an errno. The callback's env is the index.
    private static readonly (string Name, byte[] Parameters, bool ReturnsErrno)[] Functions =
    [
        ("args_sizes_get", [I32, I32], true),
        ("args_get", [I32, I32], true),
        ("environ_sizes_get", [I32, I32], true),
        ("environ_get", [I32, I32], true),
        ("fd_read", [I32, I32, I32, I32], true),
        ("fd_write", [I32, I32, I32, I32], true),
        ("fd_fdstat_get", [I32, I32], true),
        ("fd_seek", [I32, I64, I32, I32], true),
        ("fd_close", [I32], true),
        ("fd_prestat_get", [I32, I32], true),
        ("fd_prestat_dir_name", [I32, I32, I32], true),
        ("clock_time_get", [I32, I64, I32], true),
        ("clock_res_get", [I32, I32], true),
        ("random_get", [I32, I32], true),
        ("sched_yield", [], true),
        ("proc_exit", [I32], false),
    ];

    /// <summary>Whether the subset defines <paramref name="module"/>.<paramref name="name"/>; any other function import is a trap.</summary>
    public static bool Provides(string module, string name) =>
        module == ModuleName && Array.Exists(Functions, f => f.Name == name);

    public static void Define(IntPtr linker)
    {
        var module = Encoding.UTF8.GetBytes(ModuleName);
        for (var id = 0; id < Functions.Length; id++)
        {
            var (name, parameters, returnsErrno) = Functions[id];
            var type = FunctionType(parameters, returnsErrno ? [I32] : []);
            var utf8 = Encoding.UTF8.GetBytes(name);
            IntPtr error;
            fixed (byte* m = module, n = utf8)
            {
                error = wasmtime_linker_define_func_unchecked(linker, m, (nuint)module.Length, n, (nuint)utf8.Length, type,
                    &Dispatch, id, IntPtr.Zero);
            }
            wasm_functype_delete(type);
            if (error != IntPtr.Zero) throw new InvalidOperationException($"cannot define {name}: {NativeFailure.Take(error, IntPtr.Zero).Message}");
        }
    }

    private static IntPtr FunctionType(byte[] parameters, byte[] results)
    {
        var p = ValueTypes(parameters);
        var r = ValueTypes(results);
        return wasm_functype_new(ref p, ref r);
    }

    private static NativeVec ValueTypes(byte[] kinds)
    {
        var types = stackalloc IntPtr[kinds.Length];
        for (var i = 0; i < kinds.Length; i++) types[i] = wasm_valtype_new(kinds[i]);
        wasm_valtype_vec_new(out var vector, (nuint)kinds.Length, types);
        return vector;
    }

    /// <summary>
    /// Every managed WASI call enters here. Nothing may be thrown back into Wasmtime: an exception ends the guest
    /// with a trap and is kept in the request state, where the run's outcome finds it.
    /// </summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static IntPtr Dispatch(IntPtr id, IntPtr caller, ulong* values, nuint count)
    {
        var context = wasmtime_caller_context(caller);
        var state = (WasiRequestState)GCHandle.FromIntPtr(wasmtime_context_get_data(context)).Target!;
        try
        {
            var memory = MemoryOf(state, caller, context);
            values[0] = (uint)Call((Function)id, state, memory, values);
            return IntPtr.Zero;
        }
        catch (Exception e)
        {
            state.HostFailure = e;
            var message = Encoding.UTF8.GetBytes(e.Message);
            fixed (byte* text = message) return wasmtime_trap_new(text, (nuint)message.Length);
        }
    }

    // Each argument is a 16-byte wasmtime_val_raw_t, little-endian from its first byte.
    private static int Arg(ulong* values, int index) => (int)values[index * 2];

    private static int Call(Function function, WasiRequestState state, GuestMemory memory, ulong* v) => function switch
    {
        Function.ArgsSizesGet => SizesGet(memory, state.Args, Arg(v, 0), Arg(v, 1)),
        Function.ArgsGet => StringsGet(memory, state.Args, Arg(v, 0), Arg(v, 1)),
        Function.EnvironSizesGet => SizesGet(memory, state.Environ, Arg(v, 0), Arg(v, 1)),
        Function.EnvironGet => StringsGet(memory, state.Environ, Arg(v, 0), Arg(v, 1)),
        Function.FdRead => FdRead(state, memory, Arg(v, 0), Arg(v, 1), Arg(v, 2), Arg(v, 3)),
        Function.FdWrite => FdWrite(state, memory, Arg(v, 0), Arg(v, 1), Arg(v, 2), Arg(v, 3)),
        Function.FdFdstatGet => FdFdstatGet(memory, Arg(v, 0), Arg(v, 1)),
        Function.FdSeek => IsStdio(Arg(v, 0)) ? WasiErrno.SPipe : WasiErrno.BadF,
        Function.FdClose => IsStdio(Arg(v, 0)) ? WasiErrno.Success : WasiErrno.BadF,
        // No preopens: EBADF on fd 3 tells wasi-libc the preopen list is empty.
        Function.FdPrestatGet or Function.FdPrestatDirName => WasiErrno.BadF,
        Function.ClockTimeGet => ClockTimeGet(state, memory, Arg(v, 0), Arg(v, 2)),
        Function.ClockResGet => ClockResGet(state, memory, Arg(v, 0), Arg(v, 1)),
        Function.RandomGet => RandomGet(memory, Arg(v, 0), Arg(v, 1)),
        Function.SchedYield => WasiErrno.Success,
        Function.ProcExit => throw new ProcExitException(Arg(v, 0)),
        _ => throw new InvalidOperationException($"no managed WASI function {function}"),
    };

    /// <summary>The guest's exported memory, looked up by name on the first call of the request.</summary>
    private static GuestMemory MemoryOf(WasiRequestState state, IntPtr caller, IntPtr context)
    {
        if (!state.MemoryLookedUp)
        {
            ExternBuffer found = default;
            fixed (byte* name = "memory"u8)
                state.HasMemory = wasmtime_caller_export_get(caller, name, 6, &found) && Is(&found, ExternMemory);
            state.Memory = found;
            state.MemoryLookedUp = true;
        }
        if (!state.HasMemory) return default;
        var memory = state.Memory;
        var payload = (byte*)&memory + ExternPayload;
        var size = wasmtime_memory_data_size(context, payload);
        return new GuestMemory(new Span<byte>(wasmtime_memory_data(context, payload), (int)Math.Min(size, int.MaxValue)), exists: true);
    }

    private static bool IsStdio(int fd) => fd is >= 0 and <= 2;
}
