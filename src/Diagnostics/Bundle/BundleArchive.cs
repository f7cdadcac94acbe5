using System.Formats.Tar;
using System.IO.Compression;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// Writes a bundle as <c>&lt;name&gt;.tar.gz</c>: every file a regular file, mode 0644, under one folder named like
/// the archive. It is written under a temporary name (mode 0600) in the same folder and renamed when complete, so
/// no half-written bundle ever carries the final name.
/// </summary>
public static class BundleArchive
{
    public const string Extension = ".tar.gz";
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode EntryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Writes the archive into <paramref name="directory"/> and returns its path.</summary>
    /// <exception cref="IOException">The folder cannot be written, or a file of that name exists already.</exception>
    public static string Write(PreparedBundle bundle, string directory, DateTimeOffset at)
    {
        var path = Path.Combine(directory, bundle.Name + Extension);
        if (File.Exists(path)) throw new IOException($"{path} exists already");
        var temporary = Path.Combine(directory, $".{bundle.Name}{Extension}.{Guid.NewGuid():N}.partial");
        try
        {
            using (var stream = new FileStream(temporary, Create()))
            {
                WriteTo(bundle, stream, at);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: false);
            return path;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The gzip-compressed tar of <paramref name="bundle"/> into <paramref name="stream"/> (left open).</summary>
    public static void WriteTo(PreparedBundle bundle, Stream stream, DateTimeOffset at)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        // The manifest first, so a reader (or `tar tzf | head`) sees what the bundle is before anything else.
        foreach (var (path, content) in bundle.Files.OrderBy(f => f.Key == BundleManifest.FileName ? 0 : 1).ThenBy(f => f.Key, StringComparer.Ordinal))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, $"{bundle.Name}/{path}")
            {
                Mode = EntryMode,
                ModificationTime = at,
                DataStream = new MemoryStream(content, writable: false),
            };
            tar.WriteEntry(entry);
        }
    }

    /// <summary>The compressed size the archive would have, without writing it anywhere (<c>--dry-run</c>).</summary>
    public static long CompressedSize(PreparedBundle bundle, DateTimeOffset at)
    {
        using var counter = new CountingStream();
        WriteTo(bundle, counter, at);
        return counter.Length;
    }

    /// <summary>The mapping of <c>--redact-hosts</c>, next to the archive (never inside it), readable by its owner only.</summary>
    public static string WriteHostMapping(string archivePath, IReadOnlyDictionary<string, string> mapping)
    {
        var path = archivePath[..^Extension.Length] + ".hosts.json";
        using var stream = new FileStream(path, Create(FileMode.CreateNew));
        System.Text.Json.JsonSerializer.Serialize(stream, mapping.OrderBy(m => m.Key, StringComparer.Ordinal).ToDictionary(), EvidenceJson.Options);
        return path;
    }

    private static FileStreamOptions Create(FileMode mode = FileMode.CreateNew) =>
        new() { Mode = mode, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = Private };
}
