using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace Mik.Durable.Runtime.Cache;

/// <summary>
/// The <c>&lt;module&gt;.wasm.aot</c> file: <c>MIKAOT</c> magic, a length-prefixed JSON <see cref="AotHeader"/>,
/// then Wasmtime's serialized module. Written to a temporary file and renamed, so readers see a whole file or none.
/// </summary>
internal static class AotArtifact
{
    public const int Format = 1;
    private static readonly byte[] Magic = "MIKAOT\r\n"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void Write(string path, AotHeader header, ReadOnlySpan<byte> artifact)
    {
        var temp = WriteTemporary(path, header, artifact);
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
    public static string WriteTemporary(string path, AotHeader header, ReadOnlySpan<byte> artifact)
    {
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, Json);
        var temp = TemporaryPath(path);
        try
        {
            using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            file.Write(Magic);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, headerBytes.Length);
            file.Write(length);
            file.Write(headerBytes);
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

    /// <summary>A unique name beside <paramref name="path"/> that no module scan picks up (it does not end in <c>.wasm</c>).</summary>
    public static string TemporaryPath(string path) => $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";

    /// <summary>The header of an artifact, unverified (its checksum is not computed); null when there is none.</summary>
    public static AotHeader? ReadHeader(string path)
    {
        using var file = new FileStream(Files.RegularFile.OpenRead(path), FileAccess.Read);
        Span<byte> head = stackalloc byte[Magic.Length + 4];
        if (file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length || !head[..Magic.Length].SequenceEqual(Magic))
            return null;
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(head[Magic.Length..]);
        if (headerLength <= 0 || headerLength > 64 * 1024 || headerLength > file.Length - head.Length) return null;
        var header = new byte[headerLength];
        file.ReadExactly(header);
        try
        {
            return JsonSerializer.Deserialize<AotHeader>(header, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads and verifies an artifact against what it must be. Returns the serialized module, or null with the
    /// reason it cannot be used. Never throws for bad content.
    /// </summary>
    public static byte[]? Read(string path, AotHeader expected, out AotInvalidReason reason, out string detail)
    {
        reason = AotInvalidReason.Corrupt;
        var bytes = Files.RegularFile.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 4 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            return Fail("no MIKAOT header", out detail);
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length, 4));
        var start = Magic.Length + 4;
        if (headerLength <= 0 || headerLength > bytes.Length - start) return Fail("header length out of range", out detail);

        AotHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<AotHeader>(bytes.AsSpan(start, headerLength), Json);
        }
        catch (JsonException e)
        {
            return Fail("unreadable header: " + e.Message, out detail);
        }
        if (header is null) return Fail("empty header", out detail);

        if (header.Format != expected.Format || header.Wasmtime != expected.Wasmtime || header.EngineSha256 != expected.EngineSha256)
        {
            reason = AotInvalidReason.VersionMismatch;
            detail = $"made by format {header.Format}, Wasmtime {header.Wasmtime}, engine {Short(header.EngineSha256)}; " +
                     $"this is format {expected.Format}, Wasmtime {expected.Wasmtime}, engine {Short(expected.EngineSha256)}";
            return null;
        }
        if (header.SourceSha256 != expected.SourceSha256)
        {
            reason = AotInvalidReason.Stale;
            detail = $"made from {Short(header.SourceSha256)}, the module is now {Short(expected.SourceSha256)}";
            return null;
        }
        var artifact = bytes.AsSpan(start + headerLength);
        if (artifact.Length != header.ArtifactBytes) return Fail($"{artifact.Length} bytes, header says {header.ArtifactBytes}", out detail);
        if (Sha256(artifact) != header.ArtifactSha256) return Fail("checksum mismatch", out detail);
        detail = "";
        return artifact.ToArray();
    }

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private static byte[]? Fail(string why, out string detail)
    {
        detail = why;
        return null;
    }
}
