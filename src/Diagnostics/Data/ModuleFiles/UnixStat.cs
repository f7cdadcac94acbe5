using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Mik.Durable.Diagnostics.Data.ModuleFiles;

/// <summary>
/// The permission bits and owner of a path (through symlinks), which .NET does not expose together. <c>statx</c>
/// because its buffer has one layout on every architecture. Never opens the file, so a FIFO cannot block it.
/// </summary>
internal static class UnixStat
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1, StatxMode = 0x2, StatxUid = 0x8;
    private const int BufferBytes = 256, UidOffset = 20, ModeOffset = 28;

    /// <summary>The permission bits (<c>0644</c>) and owner uid, or null when the path cannot be stat'ed.</summary>
    public static (int Permissions, uint Uid)? Of(string path)
    {
        var buffer = new byte[BufferBytes];
        if (statx(AtFdCwd, path, 0, StatxType | StatxMode | StatxUid, buffer) != 0) return null;
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(ModeOffset));
        return (mode & 0xFFF, BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(UidOffset)));
    }

    /// <summary>The user name of <paramref name="uid"/> from /etc/passwd, else the number.</summary>
    public static string UserName(uint uid)
    {
        try
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                var fields = line.Split(':');
                if (fields.Length > 2 && fields[2] == uid.ToString(System.Globalization.CultureInfo.InvariantCulture)) return fields[0];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Octal(int permissions) => Convert.ToString(permissions, 8).PadLeft(4, '0');

    // DllImport with an array rather than LibraryImport: no unsafe code in this project (paths are UTF-8 on Unix).
    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
