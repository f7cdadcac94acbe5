using System.Text;
using Mik.Durable.Runtime.Files;

namespace Mik.Durable.Diagnostics.Data.Logs;

/// <summary>The last lines of a file, read backwards in blocks so a large log is not read whole; never blocks on a FIFO.</summary>
internal static class LogTail
{
    private const int Block = 64 * 1024;
    private const int MaxLine = 1024 * 1024;

    /// <summary>
    /// Lines from the end backwards (newest first) while <paramref name="keep"/> says go on; it is told each line and
    /// returns false to stop. A last line without its newline (being written) is left out.
    /// </summary>
    public static void Backwards(string path, Func<string, bool> keep)
    {
        using var handle = RegularFile.OpenRead(path);
        var length = RandomAccess.GetLength(handle);
        var position = length;
        var carry = Array.Empty<byte>();
        var first = true;
        while (position > 0)
        {
            var size = (int)Math.Min(Block, position);
            position -= size;
            var buffer = new byte[size + carry.Length];
            RandomAccess.Read(handle, buffer.AsSpan(0, size), position);
            carry.CopyTo(buffer, size);
            var end = buffer.Length;
            for (var i = buffer.Length - 1; i >= 0; i--)
            {
                if (buffer[i] != (byte)'\n') continue;
                if (first) first = false;
                else if (end > i + 1 && !keep(Encoding.UTF8.GetString(buffer, i + 1, end - i - 1))) return;
                end = i;
            }
            if (first && position == 0) return;
            carry = buffer[..end];
            // One line longer than any log line mik writes: not a log this reads.
            if (carry.Length > MaxLine) return;
        }
        if (carry.Length > 0 && !first) keep(Encoding.UTF8.GetString(carry));
    }
}
