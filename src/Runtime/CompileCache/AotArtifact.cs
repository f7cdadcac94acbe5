using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace Mik.Durable.Runtime.CompileCache;

/// <summary>
/// The <c>&lt;module&gt;.wasm.aot</c> file: <c>MIKAOT</c> magic, a length-prefixed JSON <see cref="AotHeader"/>, the
/// HMAC-SHA256 (<see cref="AotKey"/>) of everything before it, then Wasmtime's serialized module. The MAC covers the
/// header, and the header the module's SHA-256 and length, so it vouches for every byte. Written to a temporary file
/// and renamed, so readers see a whole file or none.
/// </summary>
internal static class AotArtifact
{
    /// <summary>2: with the MAC. A file of format 1 (mik before the MAC) is a version mismatch, like one of another Wasmtime.</summary>
    public const int Format = 2;
    private static readonly byte[] Magic = "MIKAOT\r\n"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private const int MaxHeaderBytes = 64 * 1024;
    private const int PrefixBytes = 8 + 4;

    public static void Write(string path, AotHeader header, ReadOnlySpan<byte> artifact, AotKey key)
    {
        var temp = WriteTemporary(path, header, artifact, key);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Writes the whole artifact (flushed to disk) to a temporary file beside <paramref name="path"/> and returns its
    /// path; renaming it to <paramref name="path"/> is the caller's, so that a deployment can put it in place together
    /// with its module.
    /// </summary>
    public static string WriteTemporary(string path, AotHeader header, ReadOnlySpan<byte> artifact, AotKey key)
    {
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, Json);
        var signed = new byte[PrefixBytes + headerBytes.Length];
        Magic.CopyTo(signed, 0);
        BinaryPrimitives.WriteInt32LittleEndian(signed.AsSpan(Magic.Length), headerBytes.Length);
        headerBytes.CopyTo(signed, PrefixBytes);
        var mac = key.Mac(signed);
        var temp = TemporaryPath(path);
        try
        {
            using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            file.Write(signed);
            file.Write(mac);
            file.Write(artifact);
            file.Flush(flushToDisk: true);
            return temp;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>A unique name beside <paramref name="path"/> that no module scan picks up (<see cref="TemporaryFiles"/>).</summary>
    public static string TemporaryPath(string path) => TemporaryFiles.Beside(path);

    /// <summary>
    /// What an artifact's header is worth, its body unread (its checksum is not computed): null when it is this
    /// installation's artifact for <paramref name="expected"/>'s format, Wasmtime and engine (whatever its source).
    /// </summary>
    public static AotInvalidReason? CheckHeader(string path, AotHeader expected, AotKey key, out AotHeader? header)
    {
        header = null;
        // Never opened in a way that can block (a FIFO in place of an artifact): anything but a regular file throws.
        using var file = new FileStream(Files.RegularFile.OpenRead(path), FileAccess.Read);
        var head = new byte[PrefixBytes + MaxHeaderBytes + AotKey.MacSize];
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Check(head.AsSpan(0, read), expected, key, out header, out _, out _);
    }

    /// <summary>
    /// Reads and verifies an artifact against what it must be. Returns the serialized module, or null with the
    /// reason it cannot be used. Never throws for bad content; throws <see cref="AotKeyException"/> when the key cannot be used.
    /// </summary>
    public static byte[]? Read(string path, AotHeader expected, AotKey key, out AotInvalidReason reason, out string detail)
    {
        reason = AotInvalidReason.Corrupt;
        var bytes = Files.RegularFile.ReadAllBytes(path);
        if (Check(bytes, expected, key, out var header, out var bodyStart, out detail) is { } invalid)
        {
            reason = invalid;
            return null;
        }
        // Checked once the MAC verified: then only this installation can have written it, and a mismatch is a bug or
        // a file moved by hand; Wasmtime is never asked to read a component as a module or the reverse.
        if (AotKinds.Of(header!) != AotKinds.Of(expected))
        {
            detail = $"holds a {AotKinds.Of(header!)}, the file is a {AotKinds.Of(expected)}";
            return null;
        }
        if (header!.SourceSha256 != expected.SourceSha256)
        {
            reason = AotInvalidReason.Stale;
            detail = $"made from {Short(header.SourceSha256)}, the module is now {Short(expected.SourceSha256)}";
            return null;
        }
        var artifact = bytes.AsSpan(bodyStart);
        if (artifact.Length != header.ArtifactBytes) return Fail($"{artifact.Length} bytes, header says {header.ArtifactBytes}", out detail);
        if (Sha256(artifact) != header.ArtifactSha256) return Fail("checksum mismatch", out detail);
        detail = "";
        return artifact.ToArray();
    }

    // Decided from its size, without opening it: a FIFO or a device (size 0) would block the reader.

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    // The format is read first, so that artifacts of an older mik are a version mismatch rather than an alarm; then
    // the MAC, before any other claim of the header is believed.
    private static AotInvalidReason? Check(
        ReadOnlySpan<byte> file, AotHeader expected, AotKey key, out AotHeader? header, out int bodyStart, out string detail)
    {
        header = null;
        bodyStart = 0;
        if (file.Length < PrefixBytes || !file[..Magic.Length].SequenceEqual(Magic)) return Corrupt("no MIKAOT header", out detail);
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(file[Magic.Length..]);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || headerLength > file.Length - PrefixBytes)
            return Corrupt("header length out of range", out detail);
        try
        {
            header = JsonSerializer.Deserialize<AotHeader>(file.Slice(PrefixBytes, headerLength), Json);
        }
        catch (JsonException e)
        {
            return Corrupt("unreadable header: " + e.Message, out detail);
        }
        if (header is null) return Corrupt("empty header", out detail);
        if (header.Format != expected.Format) return Mismatch(header, expected, out detail);

        var macStart = PrefixBytes + headerLength;
        if (file.Length - macStart < AotKey.MacSize || !key.Verifies(file[..macStart], file.Slice(macStart, AotKey.MacSize)))
            return Corrupt($"not written by this installation (its MAC does not verify with {key.Path})", out detail);
        bodyStart = macStart + AotKey.MacSize;
        if (header.Wasmtime != expected.Wasmtime || header.EngineSha256 != expected.EngineSha256) return Mismatch(header, expected, out detail);
        detail = "";
        return null;
    }

    private static AotInvalidReason Mismatch(AotHeader header, AotHeader expected, out string detail)
    {
        detail = $"made by format {header.Format}, Wasmtime {header.Wasmtime}, engine {Short(header.EngineSha256)}; " +
                 $"this is format {expected.Format}, Wasmtime {expected.Wasmtime}, engine {Short(expected.EngineSha256)}";
        return AotInvalidReason.VersionMismatch;
    }

    private static AotInvalidReason Corrupt(string why, out string detail)
    {
        detail = why;
        return AotInvalidReason.Corrupt;
    }

    private static string Short(string? sha) => sha is { Length: > 12 } ? sha[..12] : sha ?? "";

    private static byte[]? Fail(string why, out string detail)
    {
        detail = why;
        return null;
    }
}
