using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mik.Durable.Tests.Shared;

/// <summary>
/// What anyone who can write the modules folder can do to a <c>.wasm.aot</c> without mik's key: change bytes of the
/// compiled module and make the header's <c>artifact_sha256</c> match them again. Knows only the public layout
/// (magic, header length, JSON header; the compiled module is the file's last <c>artifact_bytes</c> bytes).
/// </summary>
internal static class ArtifactForgery
{
    /// <summary>
    /// Replaces the first <paramref name="original"/> in the compiled module with <paramref name="forged"/> (as long)
    /// and recomputes the checksum. The tests patch the guest's output text, not its machine code: a build that trusts
    /// the file then answers with the forged text instead of crashing or hanging in code nobody can predict.
    /// </summary>
    public static void Forge(string aotPath, string original, string forged)
    {
        if (original.Length != forged.Length) throw new ArgumentException("the forged text must be as long as the original", nameof(forged));
        var file = File.ReadAllBytes(aotPath);
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(8, 4));
        var headerText = Encoding.UTF8.GetString(file, 12, headerLength);
        using var header = JsonDocument.Parse(headerText);
        var bodyStart = file.Length - header.RootElement.GetProperty("artifact_bytes").GetInt32();
        var oldSha = header.RootElement.GetProperty("artifact_sha256").GetString()!;

        var at = file.AsSpan(bodyStart).IndexOf(Encoding.ASCII.GetBytes(original));
        if (at < 0) throw new InvalidOperationException($"\"{original}\" is not in the compiled module of {aotPath}");
        Encoding.ASCII.GetBytes(forged).CopyTo(file, bodyStart + at);
        var newSha = Convert.ToHexStringLower(SHA256.HashData(file.AsSpan(bodyStart)));
        // A hex digest for a hex digest: the header keeps its length, so nothing else moves.
        Encoding.UTF8.GetBytes(headerText.Replace(oldSha, newSha, StringComparison.Ordinal)).CopyTo(file, 12);
        File.WriteAllBytes(aotPath, file);
    }
}
