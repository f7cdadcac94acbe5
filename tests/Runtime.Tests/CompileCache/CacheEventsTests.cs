using System.Security.Cryptography;
using Mik.Durable.Domain.Caching;
using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Tests.Support;
using Mik.Durable.Runtime.Wasm;

namespace Mik.Durable.Runtime.Tests.CompileCache;

public sealed class CacheEventsTests : IDisposable
{
    private readonly RegistrySandbox _sandbox = new();

    private RecordingAuditTrail Audit => _sandbox.Audit;

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void Compiling_a_module_and_writing_its_artifact_records_AotCompiled_and_loading_the_artifact_does_not()
    {
        var path = _sandbox.Put("hello", "a");
        using (var registry = _sandbox.Create())
        {
            registry.Scan(initial: true);
            var compiled = Assert.Single(Audit.OfType<AotCompiled>());
            Assert.Equal(("a", "cache:a", Sha(File.ReadAllBytes(path)), _sandbox.Time.GetUtcNow()),
                (compiled.Module, compiled.Stream, compiled.Sha256, compiled.At));
            // The memory tier counts a module at its artifact's size; the file adds a header to it.
            Assert.Equal(registry.CachedBytes, compiled.ArtifactBytes);
            Assert.InRange(new FileInfo(AotCache.PathFor(path)).Length - compiled.ArtifactBytes, 1, 4096);
            Assert.True(compiled.CompileMs >= 0);
        }

        Audit.Clear();
        using (var restarted = _sandbox.Create()) restarted.Scan(initial: true);
        Assert.Empty(Audit.OfType<AotCompiled>());
        Assert.Empty(Audit.OfType<AotInvalidated>());
    }

    [Fact]
    public void With_the_AOT_cache_off_nothing_is_written_so_nothing_is_recorded_as_compiled()
    {
        _sandbox.Put("hello", "a");
        using var registry = _sandbox.Create(aot: false);
        registry.Scan(initial: true);
        Assert.Empty(Audit.OfType<AotCompiled>());
    }

    [Theory]
    [InlineData("corrupt")]
    [InlineData("stale")]
    [InlineData("version_mismatch")]
    public void An_artifact_that_is_not_trusted_records_AotInvalidated_with_the_design_reason_then_AotCompiled(string reason)
    {
        var path = _sandbox.Put("hello", "a");
        var aotPath = AotCache.PathFor(path);
        switch (reason)
        {
            case "corrupt":
                File.WriteAllBytes(aotPath, "MIKAOT\r\n garbage"u8.ToArray());
                break;
            case "stale":
                var other = _sandbox.Put("stderr", "other");
                WriteArtifact(other, "other", WasmEngine.CompilationFingerprint);
                File.Move(AotCache.PathFor(other), aotPath);
                File.Delete(other);
                break;
            default:
                WriteArtifact(path, "a", "another engine configuration");
                break;
        }

        using var registry = _sandbox.Create();
        registry.Scan(initial: true);

        var cacheEvents = Audit.Events.Where(e => e.Stream == "cache:a").ToList();
        Assert.Collection(cacheEvents,
            e => Assert.Equal(reason, Assert.IsType<AotInvalidated>(e).Reason),
            e => Assert.IsType<AotCompiled>(e));
    }

    [Fact]
    public void Memory_tier_evictions_are_recorded_with_their_bytes_and_reason_but_not_the_emptying_at_shutdown()
    {
        _sandbox.Put("hello", "a");
        var registry = _sandbox.Create(entries: 1);
        registry.Scan(initial: true);
        var b = _sandbox.Put("stderr", "b");
        registry.Scan();
        registry.Scan();
        var aBytes = Audit.OfType<AotCompiled>().Single(e => e.Module == "a").ArtifactBytes;
        var bBytes = Audit.OfType<AotCompiled>().Single(e => e.Module == "b").ArtifactBytes;

        _sandbox.Put("echo", "b");
        registry.Scan();
        registry.Scan();
        File.Delete(b);
        registry.Scan();
        var echoBytes = Audit.OfType<AotCompiled>().Single(e => e.Module == "b" && e.Sha256 == Sha(RegistrySandbox.GuestBytes("echo"))).ArtifactBytes;
        registry.Dispose();

        Assert.Equal(
            [("a", aBytes, "capacity"), ("b", bBytes, "replaced"), ("b", echoBytes, "removed")],
            Audit.OfType<CacheEvicted>().Select(e => (e.Module, e.Bytes, e.Reason)));
        Assert.All(Audit.OfType<CacheEvicted>(), e => Assert.Equal("cache:" + e.Module, e.Stream));
    }

    private void WriteArtifact(string wasmPath, string name, string fingerprint)
    {
        var bytes = File.ReadAllBytes(wasmPath);
        var engineSha = AotArtifact.Sha256(System.Text.Encoding.UTF8.GetBytes(fingerprint));
        new AotCache(_sandbox.Engine.Engine, engineSha, enabled: true, _sandbox.AotKey).Load(name, wasmPath, bytes, Sha(bytes)).Module.Dispose();
    }

    public void Dispose() => _sandbox.Dispose();
}
