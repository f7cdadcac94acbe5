using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Runtime.CompileCache;
using Wasmtime;

namespace Mik.Durable.Runtime.Tests.CompileCache;

public sealed class AotCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mik-aot-").FullName;
    private readonly Engine _engine = new(new Config().WithEpochInterruption(true));
    private readonly string _wasmPath;
    private readonly byte[] _wasm;

    public AotCacheTests()
    {
        _wasmPath = Path.Combine(_dir, "hello.wasm");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "guests", "hello.wasm"), _wasmPath);
        _wasm = File.ReadAllBytes(_wasmPath);
    }

    private string Sha => AotArtifact.Sha256(_wasm);
    private string AotPath => AotCache.PathFor(_wasmPath);
    private AotKey Key => new(Path.Combine(_dir, "state"), NullLogger.Instance);

    private CompiledArtifact Load(string engineSha = "engine-a", bool enabled = true, byte[]? wasm = null)
    {
        var result = new AotCache(_engine, engineSha, enabled, Key).Load("hello", _wasmPath, wasm ?? _wasm, AotArtifact.Sha256(wasm ?? _wasm));
        result.Module.Dispose();
        return result;
    }

    [Fact]
    public void The_first_load_compiles_and_writes_the_artifact_and_the_next_load_uses_it()
    {
        var first = Load();
        Assert.Equal(CacheTier.Compiled, first.Tier);
        Assert.Null(first.Invalidated);
        Assert.True(File.Exists(AotPath));

        var second = Load();
        Assert.Equal(CacheTier.Aot, second.Tier);
        Assert.Equal(first.ArtifactBytes, second.ArtifactBytes);
    }

    [Fact]
    public void A_truncated_artifact_is_corrupt_and_is_recompiled_and_rewritten()
    {
        Load();
        var bytes = File.ReadAllBytes(AotPath);
        File.WriteAllBytes(AotPath, bytes[..(bytes.Length / 2)]);

        var reloaded = Load();
        Assert.Equal((CacheTier.Compiled, AotInvalidReason.Corrupt), (reloaded.Tier, reloaded.Invalidated));
        Assert.Equal(CacheTier.Aot, Load().Tier);
    }

    [Fact]
    public void A_flipped_bit_in_the_native_code_is_caught_by_the_checksum_before_Wasmtime_sees_it()
    {
        Load();
        var bytes = File.ReadAllBytes(AotPath);
        bytes[^100] ^= 0x10;
        File.WriteAllBytes(AotPath, bytes);

        var reloaded = Load();
        Assert.Equal(AotInvalidReason.Corrupt, reloaded.Invalidated);
        Assert.Equal("checksum mismatch", reloaded.InvalidDetail);
    }

    [Fact]
    public void Random_bytes_are_corrupt()
    {
        File.WriteAllBytes(AotPath, Enumerable.Range(0, 4096).Select(i => (byte)(i * 31)).ToArray());
        Assert.Equal(AotInvalidReason.Corrupt, Load().Invalidated);
    }

    [Fact]
    public void An_artifact_of_other_module_bytes_is_stale()
    {
        Load();
        var changed = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "stderr.wasm"));
        var reloaded = Load(wasm: changed);
        Assert.Equal((CacheTier.Compiled, AotInvalidReason.Stale), (reloaded.Tier, reloaded.Invalidated));
    }

    [Fact]
    public void An_artifact_of_another_engine_configuration_is_a_version_mismatch()
    {
        Load(engineSha: "engine-a");
        var reloaded = Load(engineSha: "engine-b");
        Assert.Equal(AotInvalidReason.VersionMismatch, reloaded.Invalidated);
        Assert.Contains("engine", reloaded.InvalidDetail);
    }

    [Fact]
    public void With_the_AOT_cache_off_nothing_is_read_or_written()
    {
        Assert.Equal(CacheTier.Compiled, Load(enabled: false).Tier);
        Assert.False(File.Exists(AotPath));
    }

    [Fact]
    public void Bytes_that_are_not_WebAssembly_do_not_compile_and_leave_no_artifact()
    {
        Assert.ThrowsAny<WasmtimeException>(() => new AotCache(_engine, "e", true, Key).Load("bad", _wasmPath, "not wasm"u8.ToArray(), "x"));
        Assert.False(File.Exists(AotPath));
    }

    public void Dispose()
    {
        _engine.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
