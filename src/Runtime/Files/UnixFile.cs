using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mik.Durable.Runtime.Files;

/// <summary>
/// The few POSIX calls .NET does not expose: the kind of a file (a FIFO, socket or device is no
/// <see cref="FileAttributes"/> value), and an open that cannot block. <c>statx</c> is used because its buffer
/// has one layout on every architecture, unlike <c>struct stat</c>.
/// </summary>
internal static partial class UnixFile
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1, StatxMtime = 0x40, StatxSize = 0x200;
    private const int ReadOnly = 0, NoControllingTty = 0x100, NonBlocking = 0x800, CloseOnExec = 0x80000;
    private const int ENOENT = 2, EACCES = 13, ENOTDIR = 20, ELOOP = 40;
    private const int StatxSizeBytes = 256, ModeOffset = 28, SizeOffset = 40, MtimeOffset = 112;

    /// <summary>The file at <paramref name="path"/>, through symlinks; <see cref="FileFacts.Missing"/> when there is none.</summary>
    public static FileFacts Stat(string path)
    {
        Span<byte> buffer = stackalloc byte[StatxSizeBytes];
        if (statx(AtFdCwd, path, 0, StatxType | StatxSize | StatxMtime, ref MemoryMarshal.GetReference(buffer)) == 0)
            return Read(buffer);
        var errno = Marshal.GetLastPInvokeError();
        if (errno is not (ENOENT or ENOTDIR or ELOOP)) throw Error(errno, path);
        // The name may still be there as a symlink that leads nowhere (or round in circles).
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, ref MemoryMarshal.GetReference(buffer)) == 0)
            return new FileFacts(FileKind.DanglingSymlink, 0, DateTime.MinValue);
        return FileFacts.Missing;
    }

    /// <summary>What the open file behind <paramref name="handle"/> is.</summary>
    public static FileFacts Stat(SafeFileHandle handle, string path)
    {
        Span<byte> buffer = stackalloc byte[StatxSizeBytes];
        var fd = (int)handle.DangerousGetHandle();
        if (statx(fd, "", AtEmptyPath, StatxType | StatxSize | StatxMtime, ref MemoryMarshal.GetReference(buffer)) != 0)
            throw Error(Marshal.GetLastPInvokeError(), path);
        return Read(buffer);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading without ever waiting: a FIFO with no writer, or a device, is opened
    /// at once (<c>O_NONBLOCK</c>) rather than hanging the caller; <c>O_NOCTTY</c> keeps a terminal from becoming ours.
    /// </summary>
    public static SafeFileHandle OpenNonBlocking(string path)
    {
        var fd = open(path, ReadOnly | NonBlocking | NoControllingTty | CloseOnExec);
        if (fd < 0) throw Error(Marshal.GetLastPInvokeError(), path);
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static FileFacts Read(ReadOnlySpan<byte> statx)
    {
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(statx[ModeOffset..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(statx[SizeOffset..]);
        var seconds = BinaryPrimitives.ReadInt64LittleEndian(statx[MtimeOffset..]);
        var nanoseconds = BinaryPrimitives.ReadUInt32LittleEndian(statx[(MtimeOffset + 8)..]);
        // The same conversion as .NET's FileInfo, so times from either compare equal.
        var written = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanoseconds / 100).UtcDateTime;
        return new FileFacts(KindOf(mode), size, written);
    }

    private static FileKind KindOf(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        _ => FileKind.Other,
    };

    private static Exception Error(int errno, string path)
    {
        var message = $"{System.IO.Path.GetFileName(path)}: {Marshal.GetPInvokeErrorMessage(errno)}";
        return errno switch
        {
            ENOENT or ENOTDIR => new FileNotFoundException(message, path),
            EACCES => new UnauthorizedAccessException(message),
            _ => new IOException(message),
        };
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);
}
