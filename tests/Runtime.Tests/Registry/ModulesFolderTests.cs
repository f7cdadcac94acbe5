using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Tests.Support;

namespace Mik.Durable.Runtime.Tests.Registry;

/// <summary>A modules folder that goes away (an unmounted volume) and comes back.</summary>
public sealed class ModulesFolderTests : IDisposable
{
    private readonly RegistrySandbox _sandbox = new();
    private readonly RecordingLogger _log = new();

    private string Away => _sandbox.ModulesDir + ".away";

    [Fact]
    public void A_folder_that_disappears_keeps_what_is_loaded_records_no_removal_and_recovers_when_it_is_back()
    {
        _sandbox.Put("hello", "a");
        _sandbox.Put("hello", "b");
        // One module in memory: the other must be loaded from disk, which is not there while the folder is away.
        using var registry = _sandbox.Create(entries: 1, logger: _log);
        registry.Scan(initial: true);
        Assert.Equal(2, _sandbox.Audit.OfType<ModuleDeployed>().Count);
        var inMemory = registry.IsInMemory("a") ? "a" : "b";
        var onDisk = inMemory == "a" ? "b" : "a";

        Directory.Move(_sandbox.ModulesDir, Away);
        registry.Scan();
        registry.Scan();

        Assert.True(registry.Folder.IsMissing);
        Assert.Equal(["a", "b"], registry.Versions.Keys.Order());
        using (var lease = registry.Acquire(inMemory).Lease) Assert.NotNull(lease);
        Assert.Equal(ModuleProblems.FolderMissing, ModuleProblems.ForClient(registry.Acquire(onDisk).Problem!));
        Assert.Single(_log.Named("modules_dir_missing"));
        Assert.Empty(_sandbox.Audit.OfType<ModuleRemoved>());

        Directory.Move(Away, _sandbox.ModulesDir);
        registry.Scan();
        registry.Scan();

        Assert.False(registry.Folder.IsMissing);
        Assert.Single(_log.Named("modules_dir_back"));
        Assert.Single(_log.Named("modules_dir_missing"));
        foreach (var name in new[] { "a", "b" })
        {
            using var lease = registry.Acquire(name).Lease;
            Assert.True(lease is not null, name + " is served again");
        }
        Assert.Empty(_sandbox.Audit.OfType<ModuleRemoved>());
        Assert.Equal(2, _sandbox.Audit.OfType<ModuleDeployed>().Count);
    }

    [Fact]
    public void A_folder_missing_at_start_up_records_no_removal_and_its_modules_are_served_once_it_appears()
    {
        _sandbox.Put("hello", "kept");
        using (var first = _sandbox.Create()) first.Scan(initial: true);
        Directory.Move(_sandbox.ModulesDir, Away);

        using var registry = _sandbox.Create(logger: _log);
        registry.Scan(initial: true);
        Assert.True(registry.Folder.IsMissing);
        Assert.Single(_log.Named("modules_dir_missing"));
        Assert.Empty(_sandbox.Audit.OfType<ModuleRemoved>());

        Directory.Move(Away, _sandbox.ModulesDir);
        registry.Scan();
        registry.Scan();
        using (var lease = registry.Acquire("kept").Lease) Assert.NotNull(lease);
        Assert.Empty(_sandbox.Audit.OfType<ModuleRemoved>());
        Assert.Single(_sandbox.Audit.OfType<ModuleDeployed>());
    }

    [Fact]
    public void A_module_removed_while_the_folder_was_away_at_start_up_is_recorded_once_the_folder_is_seen()
    {
        _sandbox.Put("hello", "kept");
        var gone = _sandbox.Put("hello", "gone");
        using (var first = _sandbox.Create()) first.Scan(initial: true);
        Directory.Move(_sandbox.ModulesDir, Away);
        File.Delete(Path.Combine(Away, "gone.wasm"));

        using var registry = _sandbox.Create(logger: _log);
        registry.Scan(initial: true);
        Directory.Move(Away, _sandbox.ModulesDir);
        registry.Scan();

        Assert.False(File.Exists(gone));
        Assert.Equal("gone", Assert.Single(_sandbox.Audit.OfType<ModuleRemoved>()).Module);
    }

    public void Dispose()
    {
        if (Directory.Exists(Away)) Directory.Move(Away, _sandbox.ModulesDir);
        _sandbox.Dispose();
    }
}
