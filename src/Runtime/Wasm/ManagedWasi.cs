using System.Buffers.Binary;
using Wasmtime;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// The WASI preview 1 subset a CGI handler needs, implemented in C# over <see cref="WasiRequestState"/>. It is
/// several times faster than Wasmtime's WASI with stdio callbacks (notes/wasmtime-dotnet.md §4) and, having no
/// WASI context, cannot hit the abort on a Store without <c>SetWasiConfiguration</c>. Anything not here is linked
/// as a trap per module.
/// </summary>
internal static partial class ManagedWasi
{
    public const string ModuleName = "wasi_snapshot_preview1";

    public static void Define(Linker linker)
    {
        linker.DefineFunction(ModuleName, "args_sizes_get", (CallerFunc<int, int, int>)((c, count, size) => SizesGet(c, State(c).Args, count, size)));
        linker.DefineFunction(ModuleName, "args_get", (CallerFunc<int, int, int>)((c, ptrs, buf) => StringsGet(c, State(c).Args, ptrs, buf)));
        linker.DefineFunction(ModuleName, "environ_sizes_get", (CallerFunc<int, int, int>)((c, count, size) => SizesGet(c, State(c).Environ, count, size)));
        linker.DefineFunction(ModuleName, "environ_get", (CallerFunc<int, int, int>)((c, ptrs, buf) => StringsGet(c, State(c).Environ, ptrs, buf)));
        linker.DefineFunction(ModuleName, "fd_read", (CallerFunc<int, int, int, int, int>)FdRead);
        linker.DefineFunction(ModuleName, "fd_write", (CallerFunc<int, int, int, int, int>)FdWrite);
        linker.DefineFunction(ModuleName, "fd_fdstat_get", (CallerFunc<int, int, int>)FdFdstatGet);
        linker.DefineFunction(ModuleName, "fd_seek", (Func<int, long, int, int, int>)((fd, _, _, _) => IsStdio(fd) ? WasiErrno.SPipe : WasiErrno.BadF));
        linker.DefineFunction(ModuleName, "fd_close", (Func<int, int>)(fd => IsStdio(fd) ? WasiErrno.Success : WasiErrno.BadF));
        // No preopens: EBADF on fd 3 tells wasi-libc the preopen list is empty.
        linker.DefineFunction(ModuleName, "fd_prestat_get", (Func<int, int, int>)((_, _) => WasiErrno.BadF));
        linker.DefineFunction(ModuleName, "fd_prestat_dir_name", (Func<int, int, int, int>)((_, _, _) => WasiErrno.BadF));
        linker.DefineFunction(ModuleName, "clock_time_get", (CallerFunc<int, long, int, int>)ClockTimeGet);
        linker.DefineFunction(ModuleName, "clock_res_get", (CallerFunc<int, int, int>)ClockResGet);
        linker.DefineFunction(ModuleName, "random_get", (CallerFunc<int, int, int>)RandomGet);
        linker.DefineFunction(ModuleName, "sched_yield", (Func<int>)(() => WasiErrno.Success));
        linker.DefineFunction(ModuleName, "proc_exit", (Action<int>)(code => throw new ProcExitException(code)));
    }

    private static WasiRequestState State(Caller caller) => (WasiRequestState)caller.GetData()!;

    private static bool IsStdio(int fd) => fd is >= 0 and <= 2;

    private static Memory? MemoryOf(Caller caller)
    {
        var state = State(caller);
        return state.Memory ??= caller.GetMemory("memory");
    }

    /// <summary>A bounds-checked view of guest memory; guest pointers and lengths are unsigned 32-bit.</summary>
    private static bool TryGetSpan(Memory? memory, int pointer, long length, out Span<byte> span)
    {
        span = default;
        var address = (uint)pointer;
        if (memory is null || length is < 0 or > int.MaxValue || address + length > memory.GetLength()) return false;
        span = memory.GetSpan(address, (int)length);
        return true;
    }

    private static int WriteUInt32(Caller caller, int pointer, uint value)
    {
        if (!TryGetSpan(MemoryOf(caller), pointer, 4, out var span)) return WasiErrno.Fault;
        BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        return WasiErrno.Success;
    }

    private static int WriteUInt64(Caller caller, int pointer, ulong value)
    {
        if (!TryGetSpan(MemoryOf(caller), pointer, 8, out var span)) return WasiErrno.Fault;
        BinaryPrimitives.WriteUInt64LittleEndian(span, value);
        return WasiErrno.Success;
    }

    private static int SizesGet(Caller caller, WasiStrings strings, int countPointer, int sizePointer)
    {
        var errno = WriteUInt32(caller, countPointer, (uint)strings.Count);
        return errno != WasiErrno.Success ? errno : WriteUInt32(caller, sizePointer, (uint)strings.Buffer.Length);
    }

    private static int StringsGet(Caller caller, WasiStrings strings, int pointers, int buffer)
    {
        var memory = MemoryOf(caller);
        if (!TryGetSpan(memory, pointers, strings.Count * 4L, out var table)) return WasiErrno.Fault;
        for (var i = 0; i < strings.Count; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(table[(i * 4)..], (uint)buffer + (uint)strings.Offsets[i]);
        if (!TryGetSpan(memory, buffer, strings.Buffer.Length, out var bytes)) return WasiErrno.Fault;
        strings.Buffer.CopyTo(bytes);
        return WasiErrno.Success;
    }
}
