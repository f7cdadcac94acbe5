using System.Security.Cryptography;
using JasperFx.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Registry;

namespace Mik.Durable.Api.Tests.ModuleChanges;

/// <summary>Store mode: a file dropped into (or deleted from) one instance's modules folder is a change for the whole cluster.</summary>
public sealed class FolderDeploymentsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly byte[] Hello = Guest("hello");
    private static readonly byte[] Echo = Guest("echo");

    [Fact]
    public async Task A_dropped_file_is_deployed_with_its_bytes_a_changed_one_replaces_it_and_a_deleted_one_is_removed()
    {
        await using var drop = await FolderDrop.StartAsync();

        drop.Put("hello", "greet");
        Assert.Null(drop.Registry.Versions["greet"].Problem);
        var first = Assert.IsType<ModuleDeployed>((await EventuallyAsync(drop, "greet", 1))[0].Data);
        Assert.Equal((Sha(Hello), DeploySources.Filesystem, DeploymentLedger.Actor, 1), (first.Sha256, first.Source, first.Actor, first.Version));
        Assert.Equal(Hello, await drop.Bytes.FetchAsync(Sha(Hello), Ct));
        // Through the store's transaction, not the audit queue: recorded once.
        Assert.DoesNotContain(drop.Audit.Events, e => e is ModuleDeployed);

        drop.Put("echo", "greet");
        var second = Assert.IsType<ModuleDeployed>((await EventuallyAsync(drop, "greet", 2))[1].Data);
        Assert.Equal((Sha(Echo), 2), (second.Sha256, second.Version));
        Assert.Equal(Echo, await drop.Bytes.FetchAsync(Sha(Echo), Ct));

        drop.Delete("greet");
        var removed = Assert.IsType<ModuleRemoved>((await EventuallyAsync(drop, "greet", 3))[2].Data);
        Assert.Equal((DeploymentLedger.Actor, DeploymentLedger.FileRemoved), (removed.Actor, removed.Reason));
        await DrainedAsync(drop);
        Assert.Equal(3, drop.Logs.Count(LogLevel.Information, "module_file_committed"));
    }

    [Fact]
    public async Task A_file_that_cannot_run_is_no_deployment_and_the_working_one_after_it_is()
    {
        await using var drop = await FolderDrop.StartAsync();
        drop.Put("hello", "greet");
        await EventuallyAsync(drop, "greet", 1);

        var path = Path.Combine(drop.Config.Server.Modules, "greet.wasm");
        await File.WriteAllTextAsync(path, "no WebAssembly here", Ct);
        // Old enough to be no half-written copy: taken as it is.
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
        drop.Registry.Scan(initial: true);
        Assert.NotNull(drop.Registry.Versions["greet"].Problem);
        Assert.Empty(drop.Changes.Pending);

        drop.Put("echo", "greet");
        var second = Assert.IsType<ModuleDeployed>((await EventuallyAsync(drop, "greet", 2))[1].Data);
        Assert.Equal(Sha(Echo), second.Sha256);
        Assert.Equal(0, drop.Logs.Count(LogLevel.Warning, "module_file_superseded"));
    }

    [Fact]
    public void A_drop_that_comes_while_the_one_before_is_being_committed_replaces_what_that_one_committed()
    {
        var root = Directory.CreateTempSubdirectory("mik-folderdrop-").FullName;
        try
        {
            var changes = new FolderDeployments(new PendingFolderChangesFile(Path.Combine(root, "pending.json"), NullLogger.Instance),
                TimeProvider.System, NullLogger.Instance);
            changes.Deployed(new ModuleVersion("greet", "greet.wasm", Sha(Hello), Hello.Length, DateTime.UtcNow, null), null, atStart: false);
            var inFlight = Assert.Single(changes.Due());
            changes.Deployed(new ModuleVersion("greet", "greet.wasm", Sha(Echo), Echo.Length, DateTime.UtcNow, null), Sha(Hello), atStart: false);

            changes.Done(inFlight, storeHoldsIt: true);

            var next = Assert.Single(changes.Pending);
            Assert.Equal((Sha(Echo), Sha(Hello)), (next.Sha256, next.Replaces));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task The_bytes_already_current_in_the_store_record_nothing()
    {
        await using var drop = await FolderDrop.StartAsync();
        // Deployed by another instance: this one's folder has not got it yet.
        var log = new ModuleAuditLog(drop.Store, TimeProvider.System, drop.Bytes, drop.Config);
        await log.DeployAsync("greet", Sha(Hello), Hello.Length, DeploySources.Api, "ops", null, Ct, bytes: Hello);

        drop.Put("hello", "greet");
        await DrainedAsync(drop);

        Assert.Single(await drop.StreamAsync("greet"));
        Assert.Equal(0, drop.Logs.Count(LogLevel.Warning, "module_file_superseded"));
    }

    [Fact]
    public async Task While_PostgreSQL_is_away_a_drop_is_served_and_pending_across_a_restart_and_committed_once_it_is_back()
    {
        await using var relay = new PostgresRelay();
        await using var drop = await FolderDrop.StartAsync(relay.ConnectionString);

        drop.Put("hello", "greet");
        Assert.Null(drop.Registry.Versions["greet"].Problem);
        await WaitAsync(() => Task.FromResult(drop.Logs.Count(LogLevel.Warning, "module_file_pending") > 0), "module_file_pending");
        Assert.Contains(Sha(Hello), await File.ReadAllTextAsync(PendingFolderChangesFile.PathIn(drop.Config.State.Dir), Ct));

        await drop.RestartAsync();
        Assert.Equal(Sha(Hello), Assert.Single(drop.Changes.Pending).Sha256);
        relay.Open();

        var deployed = Assert.IsType<ModuleDeployed>((await EventuallyAsync(drop, "greet", 1))[0].Data);
        Assert.Equal((Sha(Hello), DeploySources.Filesystem), (deployed.Sha256, deployed.Source));
        Assert.Equal(Hello, await drop.Bytes.FetchAsync(Sha(Hello), Ct));
        await DrainedAsync(drop);
        Assert.DoesNotContain(Sha(Hello), await File.ReadAllTextAsync(PendingFolderChangesFile.PathIn(drop.Config.State.Dir), Ct));
    }

    [Fact]
    public async Task A_pending_drop_that_another_deployment_overtook_is_superseded_and_the_store_wins()
    {
        await using var relay = new PostgresRelay();
        await using var drop = await FolderDrop.StartAsync(relay.ConnectionString);
        drop.Put("hello", "greet");
        await WaitAsync(() => Task.FromResult(drop.Logs.Count(LogLevel.Warning, "module_file_pending") > 0), "module_file_pending");

        // Meanwhile another instance, which reaches PostgreSQL, deploys other bytes.
        await using (var direct = await TestEventStore.CreateAsync(drop.Config.Database.Schema))
            await new ModuleAuditLog(direct, TimeProvider.System, drop.Bytes, drop.Config)
                .DeployAsync("greet", Sha(Echo), Echo.Length, DeploySources.Api, "ops", null, Ct, bytes: Echo);
        relay.Open();

        await WaitAsync(() => Task.FromResult(drop.Logs.Count(LogLevel.Warning, "module_file_superseded") == 1), "module_file_superseded");
        await DrainedAsync(drop);
        var only = Assert.IsType<ModuleDeployed>(Assert.Single(await drop.StreamAsync("greet")).Data);
        Assert.Equal(Sha(Echo), only.Sha256);
        Assert.Null(await drop.Bytes.FetchAsync(Sha(Hello), Ct));
    }

    [Fact]
    public async Task A_pending_drop_is_void_once_the_module_is_removed_here_by_other_means()
    {
        await using var relay = new PostgresRelay();
        await using var drop = await FolderDrop.StartAsync(relay.ConnectionString);
        drop.Put("hello", "greet");
        drop.Put("hello", "other");
        Assert.Equal(["greet", "other"], drop.Changes.Pending.Select(c => c.Module).Order());

        // What DELETE /modules/greet does here (PostgreSQL is back for it): record the removal, then delete the file.
        await using (var direct = await TestEventStore.CreateAsync(drop.Config.Database.Schema))
            await new ModuleAuditLog(direct, TimeProvider.System, drop.Bytes, drop.Config).RemoveAsync("greet", "ops", "retired", null, Ct, served: true);
        drop.Registry.Uninstall("greet");
        Assert.Equal("other", Assert.Single(drop.Changes.Pending).Module);
        Assert.Equal(1, drop.Logs.Count(LogLevel.Warning, "module_file_change_voided"));
        relay.Open();

        await EventuallyAsync(drop, "other", 1);
        await DrainedAsync(drop);
        // The file does not bring it back, not even from a commit that was under way.
        Assert.IsType<ModuleRemoved>(Assert.Single(await drop.StreamAsync("greet")).Data);
    }

    [Fact]
    public async Task At_start_up_a_file_is_deployed_only_for_a_module_the_store_has_never_seen()
    {
        await using var drop = await FolderDrop.StartAsync();
        var log = new ModuleAuditLog(drop.Store, TimeProvider.System, drop.Bytes, drop.Config);
        await log.DeployAsync("greet", Sha(Echo), Echo.Length, DeploySources.Api, "ops", null, Ct, bytes: Echo);
        await log.DeployAsync("gone", Sha(Echo), Echo.Length, DeploySources.Api, "ops", null, Ct, bytes: Echo);
        await log.RemoveAsync("gone", "ops", "retired", null, Ct);

        // Found by the start-up scan, not recorded by this instance: an old file must not roll the cluster back.
        drop.Put("hello", "greet", scan: false);
        drop.Put("hello", "gone", scan: false);
        drop.Put("hello", "fresh", scan: false);
        await drop.RestartAsync();

        var fresh = Assert.IsType<ModuleDeployed>((await EventuallyAsync(drop, "fresh", 1))[0].Data);
        Assert.Equal(Sha(Hello), fresh.Sha256);
        await DrainedAsync(drop);
        Assert.Equal(Sha(Echo), Assert.IsType<ModuleDeployed>(Assert.Single(await drop.StreamAsync("greet")).Data).Sha256);
        Assert.Equal(2, (await drop.StreamAsync("gone")).Count);
        Assert.Equal(2, drop.Logs.Count(LogLevel.Warning, "module_file_superseded"));
        // Served here meanwhile, as before; the converging instance replaces the files with the store's versions.
        Assert.Equal(Sha(Hello), drop.Registry.Versions["greet"].Sha256);
    }

    private static async Task<IReadOnlyList<IEvent>> EventuallyAsync(FolderDrop drop, string module, int count)
    {
        IReadOnlyList<IEvent> events = [];
        await WaitAsync(async () => (events = await drop.StreamAsync(module)).Count >= count,
            () => $"{count} events on module:{module} (pending: {string.Join(", ", drop.Changes.Pending)}; log: {string.Join(", ", drop.Logs.Entries)})");
        Assert.Equal(count, events.Count);
        return events;
    }

    private static Task DrainedAsync(FolderDrop drop) =>
        WaitAsync(() => Task.FromResult(drop.Changes.Pending.Count == 0), "no folder change pending");

    private static Task WaitAsync(Func<Task<bool>> condition, string what) => WaitAsync(condition, () => what);

    private static async Task WaitAsync(Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline) Assert.Fail($"not within 60 s: {what()}");
            await Task.Delay(100, Ct);
        }
    }

    private static byte[] Guest(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", name + ".wasm"));

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
