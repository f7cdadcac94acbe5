using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Fuzz.Targets;
using Mik.Durable.Runtime.CompileCache;

namespace Mik.Durable.Fuzz;

/// <summary>
/// The aot target's seeds: artifacts signed with <see cref="AotTarget.FuzzKey"/> (trusted, stale, of the other kind,
/// of another Wasmtime) and truncated ones. Their bodies are a few plain bytes, not machine code: nothing here is
/// ever deserialized. Rewritten when the artifact format or the Wasmtime version changes.
/// </summary>
internal static class AotSeeds
{
    public const string Command = "make-aot-seeds";

    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        using var state = new FuzzFolder();
        var keyPath = Path.Combine(state.Root, AotKey.FileName);
        File.WriteAllBytes(keyPath, AotTarget.FuzzKey);
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var key = new AotKey(state.Root, NullLogger.Instance);
        byte[] body = "not machine code, never loaded"u8.ToArray();
        var trusted = AotTarget.Expected() with { ArtifactSha256 = AotArtifact.Sha256(body), ArtifactBytes = body.Length };

        Seed(folder, "trusted.aot", trusted, body, key);
        Seed(folder, "stale.aot", trusted with { SourceSha256 = AotArtifact.Sha256("other source"u8) }, body, key);
        Seed(folder, "component.aot", trusted with { Kind = AotKinds.Component }, body, key);
        Seed(folder, "no-kind.aot", trusted with { Kind = null }, body, key);
        Seed(folder, "other-wasmtime.aot", trusted with { Wasmtime = "1.0.0" }, body, key);
        Seed(folder, "format-1.aot", trusted with { Format = 1 }, body, key);
        Seed(folder, "wrong-length.aot", trusted with { ArtifactBytes = body.Length + 1 }, body, key);
        var whole = File.ReadAllBytes(Path.Combine(folder, "trusted.aot"));
        File.WriteAllBytes(Path.Combine(folder, "truncated-body.aot"), whole[..^4]);
        File.WriteAllBytes(Path.Combine(folder, "truncated-mac.aot"), whole[..(whole.Length - body.Length - 8)]);
        File.WriteAllBytes(Path.Combine(folder, "truncated-header.aot"), whole[..20]);
        File.WriteAllBytes(Path.Combine(folder, "magic-only.aot"), whole[..8]);
    }

    private static void Seed(string folder, string name, AotHeader header, byte[] body, AotKey key) =>
        AotArtifact.Write(Path.Combine(folder, name), header, body, key);
}
