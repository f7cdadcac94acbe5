using Mik.Durable.Runtime.CompileCache;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Tests.Support;

namespace Mik.Durable.Runtime.Tests.Registry;

public sealed class ModuleRegistryTests : IDisposable
{
    private readonly RegistrySandbox _sandbox = new();

    private ModuleRegistry Create(int entries = 10, bool aot = true) => _sandbox.Create(entries, aot);

    private string Put(string guest, string name) => _sandbox.Put(guest, name);

    private static string CopyGuest(string guest, string path) => RegistrySandbox.CopyGuest(guest, path);

    [Fact]
    public void Only_valid_module_names_are_served_and_a_non_wasm_file_is_broken_with_its_reason()
    {
        Put("hello", "hello");
        File.WriteAllText(Path.Combine(_sandbox.ModulesDir, "notes.wasm"), "plain text");
        Put("hello", "Bad.Name");
        using var registry = Create();
        registry.Scan(initial: true);

        Assert.Equal(["hello", "notes"], registry.Versions.Keys.Order());
        using (var hello = registry.Acquire("hello").Lease) Assert.NotNull(hello);
        Assert.Contains("not a WebAssembly module", registry.Acquire("notes").Problem);
        Assert.False(registry.Acquire("../hello").Exists);
        Assert.False(registry.Acquire("missing").Exists);
    }

    [Fact]
    public void A_changed_file_is_taken_only_after_it_has_settled_and_the_old_version_serves_meanwhile()
    {
        var path = Put("hello", "m");
        using var registry = Create();
        registry.Scan(initial: true);
        var first = registry.Versions["m"].Sha256;

        CopyGuest("stderr", path);
        Assert.True(registry.Scan(), "a changed file settles before it is taken");
        Assert.Equal(first, registry.Versions["m"].Sha256);
        using (var lease = registry.Acquire("m").Lease) Assert.Equal(first, lease!.Value.Sha256);

        Assert.False(registry.Scan());
        Assert.NotEqual(first, registry.Versions["m"].Sha256);
        using (var lease = registry.Acquire("m").Lease) Assert.Equal(registry.Versions["m"].Sha256, lease!.Value.Sha256);
    }

    [Fact]
    public void A_broken_replacement_keeps_the_working_version_serving_until_it_has_stayed_unchanged_for_a_while()
    {
        var path = Put("hello", "m");
        using var registry = Create();
        registry.Scan(initial: true);
        var working = registry.Versions["m"].Sha256;

        File.WriteAllBytes(path, File.ReadAllBytes(path)[..100]);
        File.SetLastWriteTimeUtc(path, _sandbox.Time.GetUtcNow().UtcDateTime);
        registry.Scan();
        Assert.True(registry.Scan(), "a fresh broken file is looked at again");
        using (var lease = registry.Acquire("m").Lease) Assert.Equal(working, lease!.Value.Sha256);

        _sandbox.Time.Advance(TimeSpan.FromSeconds(5));
        registry.Scan();
        registry.Scan();
        Assert.NotNull(registry.Acquire("m").Problem);
    }

    [Fact]
    public void A_removed_file_is_no_longer_served()
    {
        var path = Put("hello", "gone");
        using var registry = Create();
        registry.Scan(initial: true);
        File.Delete(path);
        registry.Scan();
        Assert.False(registry.Acquire("gone").Exists);
    }

    [Fact]
    public void A_module_evicted_from_memory_comes_back_from_its_AOT_artifact()
    {
        Put("hello", "a");
        Put("stderr", "b");
        using var registry = Create(entries: 1);
        registry.Scan(initial: true);
        Assert.Equal(1, registry.CachedEntries);

        var tiers = new List<CacheTier>();
        foreach (var name in new[] { "a", "b", "b" })
        {
            var acquired = registry.Acquire(name);
            using (acquired.Lease) tiers.Add(acquired.Tier);
        }
        Assert.Contains(CacheTier.Aot, tiers[..2]);
        Assert.Equal(CacheTier.Memory, tiers[2]);
        Assert.Equal(2, _sandbox.Stats.Misses);
    }

    public void Dispose() => _sandbox.Dispose();
}
