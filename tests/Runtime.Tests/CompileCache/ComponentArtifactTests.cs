using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Runtime.CompileCache;
using Wasmtime;

namespace Mik.Durable.Runtime.Tests.CompileCache;

/// <summary>
/// A component's artifact says it holds a component (docs/runtime.md, Caches): an artifact of this installation that
/// holds the other kind is refused before Wasmtime reads it, and rewritten.
/// </summary>
public sealed class ComponentArtifactTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mik-component-aot-").FullName;
    private readonly Engine _engine = new(new Config().WithEpochInterruption(true));
    private readonly AotKey _key;
    private readonly string _wasmPath;
    private readonly byte[] _wasm;

    public ComponentArtifactTests()
    {
        _key = new AotKey(Path.Combine(_dir, "state"), NullLogger.Instance);
        _wasmPath = Path.Combine(_dir, "hello-http.wasm");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "guests", "components", "hello-http.wasm"), _wasmPath);
        _wasm = File.ReadAllBytes(_wasmPath);
    }

    private AotCache Cache => new(_engine, "engine", enabled: true, _key);

    private CompiledComponent Load()
    {
        var result = Cache.LoadComponent("hello-http", _wasmPath, () => _wasm, AotArtifact.Sha256(_wasm));
        result.Component.Dispose();
        return result;
    }

    [Fact]
    public void A_component_is_compiled_once_then_loaded_from_its_artifact_whose_header_says_component()
    {
        var first = Load();
        Assert.Equal((CacheTier.Compiled, true), (first.Tier, first.ArtifactWritten));
        Assert.Contains("\"kind\":\"component\"", System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(AotCache.PathFor(_wasmPath)).AsSpan(0, 600)));
        var second = Load();
        Assert.Equal((CacheTier.Aot, null), (second.Tier, second.Invalidated));
    }

    [Fact]
    public void A_module_artifact_signed_by_this_installation_beside_a_component_is_corrupt_and_the_component_is_compiled_again()
    {
        var module = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "hello.wasm"));
        using (var compiled = Module.FromBytes(_engine, "hello", module))
        {
            var serialized = compiled.Serialize();
            var header = Cache.Expected(AotArtifact.Sha256(_wasm)) with
            {
                ArtifactSha256 = AotArtifact.Sha256(serialized),
                ArtifactBytes = serialized.Length,
            };
            AotArtifact.Write(AotCache.PathFor(_wasmPath), header, serialized, _key);
        }

        var reloaded = Load();
        Assert.Equal((CacheTier.Compiled, AotInvalidReason.Corrupt), (reloaded.Tier, reloaded.Invalidated));
        Assert.Equal("holds a module, the file is a component", reloaded.InvalidDetail);
        Assert.Equal(CacheTier.Aot, Load().Tier);
    }

    public void Dispose()
    {
        _engine.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
