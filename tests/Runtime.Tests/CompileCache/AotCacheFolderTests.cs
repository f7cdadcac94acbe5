using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Wasm;
using Mik.Durable.Tests.Shared;

namespace Mik.Durable.Runtime.Tests.CompileCache;

/// <summary>What <c>GET /cache</c> reports per artifact and <c>cache clean</c> removes: everything but <c>current</c>.</summary>
public sealed class AotCacheFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mik-aotdir-").FullName;
    private readonly string _stateDir = Directory.CreateTempSubdirectory("mik-aotdir-state-").FullName;
    private AotKey Key => new(_stateDir, NullLogger.Instance);
    private static readonly string EngineSha = AotArtifact.Sha256(Encoding.UTF8.GetBytes(WasmEngine.CompilationFingerprint));

    private void Module(string name, string content)
    {
        File.WriteAllText(Path.Combine(_dir, name + ".wasm"), content);
    }

    private string Artifact(string name, string sourceSha, string wasmtime = "", string engineSha = "", AotKey? key = null)
    {
        var header = new AotHeader(AotArtifact.Format, wasmtime.Length > 0 ? wasmtime : WasmEngine.WasmtimeVersion,
            engineSha.Length > 0 ? engineSha : EngineSha, sourceSha, AotArtifact.Sha256("x"u8), 1);
        var path = Path.Combine(_dir, name + ".wasm.aot");
        AotArtifact.Write(path, header, "x"u8, key ?? Key);
        return path;
    }

    [Fact]
    public void Each_artifact_is_judged_against_its_source_and_this_build()
    {
        Module("current", "one");
        Artifact("current", AotArtifact.Sha256("one"u8));
        Module("stale", "two");
        Artifact("stale", AotArtifact.Sha256("an older two"u8));
        Artifact("orphaned", AotArtifact.Sha256("gone"u8));
        Module("other-wasmtime", "three");
        Artifact("other-wasmtime", AotArtifact.Sha256("three"u8), wasmtime: "1.0.0");
        Module("other-engine", "four");
        Artifact("other-engine", AotArtifact.Sha256("four"u8), engineSha: new string('0', 64));
        File.WriteAllText(Path.Combine(_dir, "corrupt.wasm.aot"), "garbage");

        var states = AotCacheFolder.List(_dir, Key).ToDictionary(f => f.Module, f => f.State);

        Assert.Equal(new Dictionary<string, string>
        {
            ["corrupt"] = AotFileStates.Corrupt,
            ["current"] = AotFileStates.Current,
            ["orphaned"] = AotFileStates.Orphaned,
            ["other-engine"] = AotFileStates.VersionMismatch,
            ["other-wasmtime"] = AotFileStates.VersionMismatch,
            ["stale"] = AotFileStates.Stale,
        }, states);
        Assert.Equal(5, AotCacheFolder.List(_dir, Key).Count(f => f.IsStale));
    }

    [Fact]
    public void A_known_source_hash_is_used_instead_of_reading_the_file()
    {
        Module("served", "bytes on disk");
        Artifact("served", AotArtifact.Sha256("bytes being served"u8));

        Assert.Equal(AotFileStates.Current, AotCacheFolder.List(_dir, Key, _ => AotArtifact.Sha256("bytes being served"u8)).Single().State);
        Assert.Null(AotCacheFolder.Describe(Path.Combine(_dir, "none.wasm"), "sha", Key));
    }

    [Fact]
    public void An_artifact_this_installation_did_not_write_is_corrupt_and_cleaned_and_one_from_before_the_MAC_is_a_version_mismatch()
    {
        Module("forged", "five");
        ArtifactForgery.Forge(Artifact("forged", AotArtifact.Sha256("five"u8)), "x", "y");
        Module("foreign", "six");
        var otherState = Directory.CreateTempSubdirectory("mik-aotdir-other-").FullName;
        Artifact("foreign", AotArtifact.Sha256("six"u8), key: new AotKey(otherState, NullLogger.Instance));
        Directory.Delete(otherState, recursive: true);
        Module("old-format", "seven");
        var header = Encoding.UTF8.GetBytes($$"""
            {"format":1,"wasmtime":"{{WasmEngine.WasmtimeVersion}}","engine_sha256":"{{EngineSha}}","source_sha256":"{{AotArtifact.Sha256("seven"u8)}}","artifact_sha256":"{{AotArtifact.Sha256("x"u8)}}","artifact_bytes":1}
            """);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, header.Length);
        File.WriteAllBytes(Path.Combine(_dir, "old-format.wasm.aot"), [.. "MIKAOT\r\n"u8, .. length, .. header, .. "x"u8]);

        var files = AotCacheFolder.List(_dir, Key);
        Assert.Equal(
            [("foreign", AotFileStates.Corrupt), ("forged", AotFileStates.Corrupt), ("old-format", AotFileStates.VersionMismatch)],
            files.Select(f => (f.Module, f.State)));
        Assert.Equal(3, AotCacheFolder.Delete(files.Where(f => f.IsStale)).Count);
        Assert.Empty(Directory.GetFiles(_dir, "*.aot"));
    }

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        Directory.Delete(_stateDir, recursive: true);
    }
}
