namespace Mik.Durable.Runtime.Files;

/// <summary>
/// Reads a file that must be a regular one (or a symlink to one). The check is made on the opened handle, so a file
/// swapped for a FIFO between a look at it and the read is caught too; nothing here can block on a FIFO or device.
/// </summary>
internal static class RegularFile
{
    /// <summary>
    /// The whole file and what <c>fstat</c> said of it when opened. Throws <see cref="NotARegularFileException"/>
    /// (an <see cref="IOException"/>) for anything but a regular file, and the usual I/O exceptions.
    /// </summary>
    public static byte[] ReadAllBytes(string path, out FileFacts facts)
    {
        using var handle = UnixFile.OpenNonBlocking(path);
        facts = UnixFile.Stat(handle, path);
        if (facts.Kind != FileKind.Regular) throw new NotARegularFileException(path, facts.Kind);
        if (facts.Size > Array.MaxLength) throw new IOException($"{Path.GetFileName(path)} is too large to read ({facts.Size} bytes)");

        // Read to the end rather than to the size seen: a file still being written is hashed as it is now.
        var buffer = new byte[facts.Size];
        var total = 0;
        while (true)
        {
            if (total == Array.MaxLength) throw new IOException($"{Path.GetFileName(path)} is too large to read");
            if (total == buffer.Length) Array.Resize(ref buffer, (int)Math.Min(Array.MaxLength, Math.Max(4096L, buffer.Length * 2L)));
            var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            if (read == 0) break;
            total += read;
        }
        if (total != buffer.Length) Array.Resize(ref buffer, total);
        return buffer;
    }

    public static byte[] ReadAllBytes(string path) => ReadAllBytes(path, out _);

    /// <summary>An open handle on the file, for reading; throws as <see cref="ReadAllBytes(string, out FileFacts)"/> does.</summary>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle OpenRead(string path)
    {
        var handle = UnixFile.OpenNonBlocking(path);
        try
        {
            var kind = UnixFile.Stat(handle, path).Kind;
            if (kind != FileKind.Regular) throw new NotARegularFileException(path, kind);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
