using System.Runtime.InteropServices;

namespace Mik.Durable.Api.Logging;

/// <summary>
/// Whether stdout is systemd-journald's stream: <c>JOURNAL_STREAM</c> names it as <c>device:inode</c>, and only when
/// stdout is still that very file (not redirected by a wrapper) may lines carry a priority prefix (docs/operations.md).
/// </summary>
internal static partial class JournalStream
{
    public static bool IsStdout(string? journalStream)
    {
        if (journalStream is null || journalStream.Split(':') is not [var deviceText, var inodeText]) return false;
        if (!ulong.TryParse(deviceText, out var device) || !ulong.TryParse(inodeText, out var inode)) return false;
        // struct stat on x86_64 Linux starts with st_dev then st_ino, both 64-bit; the whole struct is 144 bytes.
        Span<ulong> stat = stackalloc ulong[18];
        return FStat(1, ref MemoryMarshal.GetReference(stat)) == 0 && stat[0] == device && stat[1] == inode;
    }

    [LibraryImport("libc", EntryPoint = "fstat")]
    private static partial int FStat(int fd, ref ulong stat);
}
