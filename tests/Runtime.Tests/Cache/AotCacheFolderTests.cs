using System.Text;
using Mik.Durable.Runtime.Cache;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Runtime.Tests.Cache;

/// <summary>What <c>GET /cache</c> reports per artifact and <c>cache clean</c> removes: everything but <c>current</c>.</summary>
public sealed class AotCacheFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mik-aotdir-").FullName;
    private static readonly string EngineSha = AotArtifact.Sha256(Encoding.UTF8.GetBytes(WasmEngine.CompilationFingerprint));

    private void Module(string name, string content)
    {
        File.WriteAllText(Path.Combine(_dir, name + ".wasm"), content);
    }

    private void Artifact(string name, string sourceSha, string wasmtime = "", string engineSha = "")
    {
        var header = new AotHeader(AotArtifact.Format, wasmtime.Length > 0 ? wasmtime : WasmEngine.WasmtimeVersion,
            engineSha.Length > 0 ? engineSha : EngineSha, sourceSha, AotArtifact.Sha256("x"u8), 1);
        AotArtifact.Write(Path.Combine(_dir, name + ".wasm.aot"), header, "x"u8);
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

        var states = AotCacheFolder.List(_dir).ToDictionary(f => f.Module, f => f.State);

        Assert.Equal(new Dictionary<string, string>
        {
            ["corrupt"] = AotFileStates.Corrupt,
            ["current"] = AotFileStates.Current,
            ["orphaned"] = AotFileStates.Orphaned,
            ["other-engine"] = AotFileStates.VersionMismatch,
            ["other-wasmtime"] = AotFileStates.VersionMismatch,
            ["stale"] = AotFileStates.Stale,
        }, states);
        Assert.Equal(5, AotCacheFolder.List(_dir).Count(f => f.IsStale));
    }

    [Fact]
    public void A_known_source_hash_is_used_instead_of_reading_the_file()
    {
        Module("served", "bytes on disk");
        Artifact("served", AotArtifact.Sha256("bytes being served"u8));

        Assert.Equal(AotFileStates.Current, AotCacheFolder.List(_dir, _ => AotArtifact.Sha256("bytes being served"u8)).Single().State);
        Assert.Null(AotCacheFolder.Describe(Path.Combine(_dir, "none.wasm"), "sha"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
