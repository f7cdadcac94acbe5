using System.Buffers.Binary;

namespace Mik.Durable.Runtime.Wasm;

internal static partial class ManagedWasi
{
    private const ulong RightFdRead = 1UL << 1;
    private const ulong RightFdWrite = 1UL << 6;

    /// <summary>fd 0 reads the request body; every other fd is EBADF.</summary>
    private static int FdRead(WasiRequestState state, GuestMemory memory, int fd, int iovs, int iovsLength, int readPointer)
    {
        if (fd != 0) return WasiErrno.BadF;
        if (!memory.TryGetSpan(iovs, (uint)iovsLength * 8L, out var vectors)) return WasiErrno.Fault;
        uint total = 0;
        for (var i = 0; i < (uint)iovsLength && !state.UnreadStdin.IsEmpty; i++)
        {
            var pointer = BinaryPrimitives.ReadInt32LittleEndian(vectors[(i * 8)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(vectors[(i * 8 + 4)..]);
            if (!memory.TryGetSpan(pointer, length, out var target)) return WasiErrno.Fault;
            var count = Math.Min(target.Length, state.UnreadStdin.Length);
            state.UnreadStdin[..count].CopyTo(target);
            state.ConsumeStdin(count);
            total += (uint)count;
        }
        return memory.WriteUInt32(readPointer, total);
    }

    /// <summary>fd 1 appends to the bounded stdout buffer, fd 2 to the stderr lines; every other fd is EBADF.</summary>
    private static int FdWrite(WasiRequestState state, GuestMemory memory, int fd, int iovs, int iovsLength, int writtenPointer)
    {
        if (fd is not (1 or 2)) return WasiErrno.BadF;
        if (!memory.TryGetSpan(iovs, (uint)iovsLength * 8L, out var vectors)) return WasiErrno.Fault;
        uint total = 0;
        for (var i = 0; i < (uint)iovsLength; i++)
        {
            var pointer = BinaryPrimitives.ReadInt32LittleEndian(vectors[(i * 8)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(vectors[(i * 8 + 4)..]);
            if (!memory.TryGetSpan(pointer, length, out var data)) return WasiErrno.Fault;
            if (fd == 2) state.Stderr.Write(data);
            // Stop the guest rather than return an error it might ignore and answer with a truncated body.
            else if (!state.Stdout.TryWrite(data)) throw new OutputTooLargeException(state.Stdout.Limit);
            total += length;
        }
        return memory.WriteUInt32(writtenPointer, total);
    }

    /// <summary>
    /// stdio reports filetype unknown (a pipe, as Wasmtime does for non-tty stdio), so libc buffers stdout fully.
    /// </summary>
    private static int FdFdstatGet(GuestMemory memory, int fd, int statPointer)
    {
        if (!IsStdio(fd)) return WasiErrno.BadF;
        if (!memory.TryGetSpan(statPointer, 24, out var stat)) return WasiErrno.Fault;
        stat.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(stat[8..], fd == 0 ? RightFdRead : RightFdWrite);
        return WasiErrno.Success;
    }
}
