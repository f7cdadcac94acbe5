using System.Security.Cryptography;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Tests.Support;

namespace Mik.Durable.Runtime.Tests.Registry;

public sealed class DeploymentEventsTests : IDisposable
{
    private readonly RegistrySandbox _sandbox = new();

    private RecordingAuditTrail Audit => _sandbox.Audit;

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static void SettleAndScan(ModuleRegistry registry)
    {
        registry.Scan();
        registry.Scan();
    }

    [Fact]
    public void The_first_start_records_each_module_deployed_from_the_filesystem_and_a_restart_records_none()
    {
        var a = _sandbox.Put("hello", "a");
        var b = _sandbox.Put("stderr", "b");
        using (var first = _sandbox.Create()) first.Scan(initial: true);

        var deployed = Audit.OfType<ModuleDeployed>().OrderBy(e => e.Module, StringComparer.Ordinal).ToList();
        Assert.Equal(["a", "b"], deployed.Select(e => e.Module));
        Assert.Equal([Sha(a), Sha(b)], deployed.Select(e => e.Sha256));
        Assert.Equal([new FileInfo(a).Length, new FileInfo(b).Length], deployed.Select(e => e.SizeBytes));
        Assert.All(deployed, e => Assert.Equal((DeploySources.Filesystem, "filesystem", _sandbox.Time.GetUtcNow(), "module:" + e.Module),
            (e.Source, e.Actor, e.At, e.Stream)));
        Assert.True(File.Exists(Path.Combine(_sandbox.StateDir, "modules.json")));

        Audit.Clear();
        using (var restarted = _sandbox.Create()) restarted.Scan(initial: true);
        Assert.Empty(Audit.OfType<ModuleDeployed>());
        Assert.Empty(Audit.OfType<ModuleRemoved>());
    }

    [Fact]
    public void A_restart_records_only_what_changed_while_mik_was_down()
    {
        _sandbox.Put("hello", "same");
        var changed = _sandbox.Put("hello", "changed");
        var gone = _sandbox.Put("hello", "gone");
        using (var first = _sandbox.Create()) first.Scan(initial: true);
        Audit.Clear();

        _sandbox.Put("stderr", "changed");
        File.Delete(gone);
        using (var restarted = _sandbox.Create()) restarted.Scan(initial: true);

        var deployed = Assert.Single(Audit.OfType<ModuleDeployed>());
        Assert.Equal(("changed", Sha(changed)), (deployed.Module, deployed.Sha256));
        var removed = Assert.Single(Audit.OfType<ModuleRemoved>());
        Assert.Equal(("gone", "filesystem", "file_removed"), (removed.Module, removed.Actor, removed.Reason));
    }

    [Fact]
    public void While_serving_a_new_file_a_changed_file_and_a_removed_file_are_each_recorded_once_and_a_touch_is_not()
    {
        using var registry = _sandbox.Create();
        registry.Scan(initial: true);
        var path = _sandbox.Put("hello", "m");
        SettleAndScan(registry);
        var first = Sha(path);

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(1));
        SettleAndScan(registry);
        _sandbox.Put("stderr", "m");
        SettleAndScan(registry);
        File.Delete(path);
        registry.Scan();

        var events = Audit.Events.Where(e => e.Stream == "module:m").ToList();
        Assert.Collection(events,
            e => Assert.Equal(first, Assert.IsType<ModuleDeployed>(e).Sha256),
            e => Assert.Equal(Sha(Path.Combine(AppContext.BaseDirectory, "guests", "stderr.wasm")), Assert.IsType<ModuleDeployed>(e).Sha256),
            e => Assert.Equal("file_removed", Assert.IsType<ModuleRemoved>(e).Reason));
    }

    [Fact]
    public void A_file_that_cannot_run_is_no_deployment_but_the_working_version_that_follows_it_is()
    {
        var path = _sandbox.Put("hello", "m");
        File.WriteAllText(Path.Combine(_sandbox.ModulesDir, "never.wasm"), "plain text");
        using var registry = _sandbox.Create();
        registry.Scan(initial: true);
        Assert.Equal(["m"], Audit.OfType<ModuleDeployed>().Select(e => e.Module));
        Audit.Clear();

        File.WriteAllText(path, "plain text");
        File.SetLastWriteTimeUtc(path, _sandbox.Time.GetUtcNow().UtcDateTime.AddSeconds(-10));
        SettleAndScan(registry);
        Assert.NotNull(registry.Acquire("m").Problem);
        Assert.Empty(Audit.Events);

        _sandbox.Put("hello", "m");
        SettleAndScan(registry);
        Assert.Equal(["m"], Audit.OfType<ModuleDeployed>().Select(e => e.Module));

        File.Delete(Path.Combine(_sandbox.ModulesDir, "never.wasm"));
        registry.Scan();
        Assert.DoesNotContain(Audit.OfType<ModuleRemoved>(), e => e.Module == "never");
    }

    [Fact]
    public void An_unreadable_ledger_is_started_over()
    {
        Directory.CreateDirectory(_sandbox.StateDir);
        File.WriteAllText(Path.Combine(_sandbox.StateDir, "modules.json"), "{ not json");
        _sandbox.Put("hello", "m");
        using (var registry = _sandbox.Create()) registry.Scan(initial: true);

        Assert.Single(Audit.OfType<ModuleDeployed>());
        Assert.Contains("\"m\"", File.ReadAllText(Path.Combine(_sandbox.StateDir, "modules.json")));
    }

    public void Dispose() => _sandbox.Dispose();
}
