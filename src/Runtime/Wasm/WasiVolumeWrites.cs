using Wasmtime;

namespace Mik.Durable.Runtime.Wasm;

/// <summary>
/// Bounds what one run of a module with a writable volume can write to disk: <c>fd_write</c> and <c>fd_pwrite</c> on
/// any descriptor but stdio count against <see cref="WasiRunLimits.VolumeWriteBytesLeft"/> (<c>max_volume_write_mb</c>),
/// and a write that does not fit is refused whole with <c>ENOSPC</c>, as a full disk would. stdout and stderr have
/// caps of their own; <c>fd_renumber</c> onto them is refused (<c>EBADF</c>), so no file can pass for stdout.
/// </summary>
internal static class WasiVolumeWrites
{
    private const int BadF = 8;
    private const int NoSpace = 51;

    /// <summary>Shadows the three functions in <paramref name="linker"/> (which must allow shadowing).</summary>
    public static void Define(Linker linker)
    {
        linker.DefineFunction(WasiClockWait.Wasi, "fd_write", (Caller caller, int fd, int iovs, int count, int written) =>
            Write(caller, fd, iovs, count, written, offset: null));
        linker.DefineFunction(WasiClockWait.Wasi, "fd_pwrite", (Caller caller, int fd, int iovs, int count, long offset, int written) =>
            Write(caller, fd, iovs, count, written, offset));
        linker.DefineFunction(WasiClockWait.Wasi, "fd_renumber", (Caller caller, int from, int to) =>
            to is >= 0 and <= 2 || caller.GetMemory("memory") is not { } memory
                ? BadF
                : Limits(caller).Call("fd_renumber", memory, from, to));
    }

    private static WasiRunLimits Limits(Caller caller) => (WasiRunLimits)caller.GetData()!;

    private static int Write(Caller caller, int fd, int iovs, int count, int written, long? offset)
    {
        var limits = Limits(caller);
        // A guest without a memory export cannot pass Wasmtime's WASI a buffer either.
        if (caller.GetMemory("memory") is not { } memory) return BadF;
        int wasmtime() => offset is { } at
            ? limits.Call("fd_pwrite", memory, fd, iovs, count, at, written)
            : limits.Call("fd_write", memory, fd, iovs, count, written);
        // stdio is capped elsewhere; a bad pointer or count is Wasmtime's to refuse (EFAULT, EINVAL).
        if (fd is >= 0 and <= 2 || count < 0 || iovs < 0 || iovs + 8L * count > memory.GetLength())
            return wasmtime();
        long requested = 0;
        for (var i = 0; i < count; i++) requested += (uint)memory.ReadInt32(iovs + 8L * i + 4);
        if (requested > limits.VolumeWriteBytesLeft) return NoSpace;
        var errno = wasmtime();
        if (errno == 0) limits.VolumeWriteBytesLeft -= (uint)memory.ReadInt32(written);
        return errno;
    }
}
