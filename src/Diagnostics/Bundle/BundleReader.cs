using System.Formats.Tar;
using System.IO.Compression;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// Reads a bundle that came from another machine into memory, trusting nothing in it: only regular files, all under
/// one top folder, no absolute path, no <c>..</c>, no link or device, no name twice, and bounded in entries and
/// bytes (decompressed), so a hostile archive can neither write anywhere nor exhaust memory. Nothing is extracted to disk.
/// </summary>
public static class BundleReader
{
    public const int MaxEntries = 10_000;
    public const long MaxTotalBytes = 64L * 1024 * 1024;

    /// <summary>Room for the tar headers and padding on top of the files' bytes.</summary>
    private const long HeaderAllowance = 16L * 1024 * 1024;

    /// <exception cref="InvalidDataException">The archive is not a bundle, or breaks one of the rules above (the message says which).</exception>
    public static (string Folder, Dictionary<string, byte[]> Files) Read(Stream compressed)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? folder = null;
        long total = 0;
        try
        {
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            using var bounded = new BoundedReadStream(gzip, MaxTotalBytes + HeaderAllowance);
            using var tar = new TarReader(bounded);
            while (tar.GetNextEntry(copyData: false) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                    throw new InvalidDataException($"{entry.Name}: a {entry.EntryType} entry; a bundle holds regular files only");
                if (files.Count >= MaxEntries) throw new InvalidDataException($"more than {MaxEntries} files");
                var (top, path) = Split(entry.Name);
                folder ??= top;
                if (top != folder) throw new InvalidDataException($"{entry.Name}: outside the bundle's folder {folder}/");
                if (files.ContainsKey(path)) throw new InvalidDataException($"{entry.Name}: appears twice");
                if (entry.Length < 0 || total + entry.Length > MaxTotalBytes)
                    throw new InvalidDataException($"more than {MaxTotalBytes / (1024 * 1024)} MiB of files");
                total += entry.Length;
                files[path] = ReadData(entry);
            }
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or EndOfStreamException)
        {
            throw new InvalidDataException($"not a readable tar.gz: {e.Message}", e);
        }
        return (folder ?? throw new InvalidDataException("the archive is empty"), files);
    }

    public static (string Folder, Dictionary<string, byte[]> Files) Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    private static (string Top, string Path) Split(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == name.Length - 1) throw new InvalidDataException($"{name}: not inside one top folder");
        var (top, path) = (name[..slash], name[(slash + 1)..]);
        var segments = name.Split('/');
        if (name.Contains('\\') || name.Contains('\0') || segments.Any(s => s is "" or "." or ".."))
            throw new InvalidDataException($"{name}: not a plain relative path");
        return (top, path);
    }

    private static byte[] ReadData(TarEntry entry)
    {
        if (entry.DataStream is null) return [];
        using var buffer = new MemoryStream((int)entry.Length);
        entry.DataStream.CopyTo(buffer);
        // The header's length is what was checked; a stream that yields more would be a reader bug, never trusted.
        if (buffer.Length != entry.Length) throw new InvalidDataException($"{entry.Name}: its data does not match its length");
        return buffer.ToArray();
    }
}
