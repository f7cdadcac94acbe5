using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Tests.Shared;
using Wasmtime;

namespace Mik.Durable.Runtime.Tests.CompileCache;

/// <summary>Only an artifact this installation wrote reaches Wasmtime (docs/runtime.md, Trust model).</summary>
public sealed class AotTrustTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mik-aot-trust-").FullName;
    private readonly Engine _engine = new(new Config().WithEpochInterruption(true));
    private readonly string _wasmPath;
    private readonly byte[] _wasm;

    public AotTrustTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "modules"));
        _wasmPath = Path.Combine(_dir, "modules", "hello.wasm");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "guests", "hello.wasm"), _wasmPath);
        _wasm = File.ReadAllBytes(_wasmPath);
    }

    private string AotPath => AotCache.PathFor(_wasmPath);

    /// <summary>A start of mik with state dir <paramref name="stateDir"/> loading the module.</summary>
    private CompiledArtifact Load(string stateDir = "state")
    {
        var key = new AotKey(Path.Combine(_dir, stateDir), NullLogger.Instance);
        var result = new AotCache(_engine, "engine", enabled: true, key).Load("hello", _wasmPath, _wasm, AotArtifact.Sha256(_wasm));
        result.Module.Dispose();
        return result;
    }

    [Fact]
    public void A_forged_artifact_with_a_recomputed_checksum_is_corrupt_and_compiled_again_never_deserialized()
    {
        Load();
        ArtifactForgery.Forge(AotPath, "Hello from mik", "Forged payload");

        var reloaded = Load();
        Assert.Equal((CacheTier.Compiled, AotInvalidReason.Corrupt), (reloaded.Tier, reloaded.Invalidated));
        Assert.Contains("not written by this installation", reloaded.InvalidDetail);
        // Rewritten from the wasm: the forged bytes are gone, and the next start uses this installation's artifact.
        Assert.DoesNotContain("Forged payload", Encoding.Latin1.GetString(File.ReadAllBytes(AotPath)));
        Assert.Equal(CacheTier.Aot, Load().Tier);
    }

    [Fact]
    public void An_artifact_copied_from_another_state_dir_is_corrupt_and_compiled_again()
    {
        Assert.Equal(CacheTier.Compiled, Load(stateDir: "other-installation").Tier);

        var copied = Load();
        Assert.Equal((CacheTier.Compiled, AotInvalidReason.Corrupt), (copied.Tier, copied.Invalidated));
        Assert.Equal(CacheTier.Aot, Load().Tier);
    }

    [Fact]
    public void An_artifact_made_before_artifacts_had_a_MAC_is_a_version_mismatch()
    {
        Load();
        var bytes = File.ReadAllBytes(AotPath);
        var headerEnd = 12 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8, 4));
        var header = Encoding.UTF8.GetString(bytes, 12, headerEnd - 12).Replace("\"format\":2", "\"format\":1", StringComparison.Ordinal);
        // Format 1: the same header, the compiled module right after it.
        File.WriteAllBytes(AotPath, [.. bytes[..12], .. Encoding.UTF8.GetBytes(header), .. bytes[(headerEnd + AotKey.MacSize)..]]);

        var reloaded = Load();
        Assert.Equal((CacheTier.Compiled, AotInvalidReason.VersionMismatch), (reloaded.Tier, reloaded.Invalidated));
        Assert.Contains("format 1", reloaded.InvalidDetail);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_FIFO_in_place_of_an_artifact_is_corrupt_and_never_opened(bool symlink)
    {
        var fifo = Path.Combine(_dir, "fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        if (symlink) File.CreateSymbolicLink(AotPath, fifo);
        else File.Move(fifo, AotPath);
        var key = new AotKey(Path.Combine(_dir, "state"), NullLogger.Instance);

        // Opening a FIFO for reading waits for a writer: run elsewhere, so that a regression fails instead of hanging.
        var (listed, loaded) = await Task.Run(() => (AotCacheFolder.List(Path.Combine(_dir, "modules"), key).Single().State, Load()))
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Equal(AotFileStates.Corrupt, listed);
        Assert.Equal((CacheTier.Compiled, AotInvalidReason.Corrupt), (loaded.Tier, loaded.Invalidated));
        Assert.Equal(CacheTier.Aot, Load().Tier);
    }

    public void Dispose()
    {
        _engine.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
