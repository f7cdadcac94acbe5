using Marten;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.ModuleChanges;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.Deployments;

namespace Mik.Durable.Api.Tests.ModuleChanges;

public sealed class ModuleAuditLogTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DocumentStore _store = null!;
    private ModuleAuditLog _log = null!;

    public async ValueTask InitializeAsync()
    {
        // The decisions alone; what store mode writes beside them is ModuleBytesStoreTests' subject.
        var config = new MikConfig { Database = { Schema = TestDatabase.NewSchema() }, Cluster = { ModuleSource = ClusterOptions.FolderSource } };
        _store = await TestEventStore.CreateAsync(config.Database.Schema);
        var bytes = new ModuleBytesStore(new EventStoreConnection(TestDatabase.ConnectionString, IsEmbedded: false), config);
        _log = new ModuleAuditLog(_store, TimeProvider.System, bytes, config);
    }

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Deploys_and_removals_are_committed_and_repeating_them_changes_nothing()
    {
        Assert.Equal(new ModuleChange(true, 1), await _log.DeployAsync("hello", "aa", 10, DeploySources.Api, "ops", null, Ct));
        Assert.Equal(new ModuleChange(false, 1), await _log.DeployAsync("hello", "aa", 10, DeploySources.Api, "ops", null, Ct));
        Assert.Equal(new ModuleChange(true, 2), await _log.DeployAsync("hello", "bb", 12, DeploySources.Api, "ops", null, Ct));
        Assert.Equal(new ModuleChange(true, 2), await _log.RemoveAsync("hello", "ops", "api", null, Ct));
        Assert.Equal(new ModuleChange(false, 2), await _log.RemoveAsync("hello", "ops", "api", null, Ct));

        await using var session = _store.QuerySession();
        var events = await session.Events.FetchStreamAsync("module:hello", token: Ct);
        Assert.Equal(["module_deployed", "module_deployed", "module_removed"], events.Select(e => e.EventTypeName));
        var deployed = (ModuleDeployed)events[1].Data;
        Assert.Equal(("bb", 12L, "ops"), (deployed.Sha256, deployed.SizeBytes, deployed.Actor));
    }

    [Fact]
    public async Task An_action_based_on_a_stale_version_is_refused()
    {
        await _log.DeployAsync("hello", "aa", 10, DeploySources.Api, "ops", null, Ct);
        await _log.DeployAsync("hello", "bb", 10, DeploySources.Api, "ops", expectedVersion: 1, Ct);

        var stale = await Assert.ThrowsAsync<ConcurrentModuleChangeException>(
            () => _log.RemoveAsync("hello", "ops", "api", expectedVersion: 1, Ct));
        Assert.Equal("hello", stale.Module);
    }

    [Fact]
    public async Task Of_concurrent_actions_on_the_same_version_exactly_one_commits()
    {
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await _log.DeployAsync("race", "sha" + i, 10, DeploySources.Api, "ops", expectedVersion: 0, Ct);
                return true;
            }
            catch (ConcurrentModuleChangeException)
            {
                return false;
            }
        });
        var outcomes = await Task.WhenAll(attempts);
        Assert.Single(outcomes, won => won);

        await using var session = _store.QuerySession();
        Assert.Single(await session.Events.FetchStreamAsync("module:race", token: Ct));
    }

    [Fact]
    public async Task Without_an_expected_version_racing_deploys_of_different_bytes_each_commit_or_get_a_conflict_never_overwrite()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            try
            {
                return await _log.DeployAsync("busy", "sha" + i, 10, DeploySources.Api, "ops", expectedVersion: null, Ct);
            }
            catch (ConcurrentModuleChangeException)
            {
                return null;
            }
        }));

        var committed = outcomes.Where(c => c is not null).ToList();
        Assert.NotEmpty(committed);
        Assert.All(committed, c => Assert.True(c!.Changed));
        await using var session = _store.QuerySession();
        Assert.Equal(committed.Count, (await session.Events.FetchStreamAsync("module:busy", token: Ct)).Count);
    }

    [Fact]
    public async Task A_deploy_that_another_deploy_of_other_bytes_overtook_gets_a_conflict_and_the_other_stays_current()
    {
        var config = new MikConfig { Database = { Schema = TestDatabase.NewSchema() }, Cluster = { ModuleSource = ClusterOptions.FolderSource } };
        await using var store = await TestEventStore.CreateAsync(config.Database.Schema);
        var bytes = new ModuleBytesStore(new EventStoreConnection(TestDatabase.ConnectionString, IsEmbedded: false), config);
        var other = new ModuleAuditLog(store, TimeProvider.System, bytes, config);
        // The decision reads the clock; this one lets the other deploy commit right after the first decision, so the
        // race is the same every run: decided on version 1, committed after version 2 exists.
        var overtaking = new OvertakingClock(() => other.DeployAsync("hello", "cc", 10, DeploySources.Api, "ops", null, Ct).GetAwaiter().GetResult());
        var log = new ModuleAuditLog(store, overtaking, bytes, config);
        await other.DeployAsync("hello", "aa", 10, DeploySources.Api, "ops", null, Ct);

        var conflict = await Assert.ThrowsAsync<ConcurrentModuleChangeException>(
            () => log.DeployAsync("hello", "bb", 10, DeploySources.Api, "ops", null, Ct));

        Assert.Equal("hello", conflict.Module);
        await using var session = store.QuerySession();
        var current = await session.Events.AggregateStreamAsync<DeployedModule>("module:hello", token: Ct);
        Assert.Equal(("cc", 2), (current!.Sha256, current.Deployments));
    }

    [Fact]
    public async Task A_deploy_decided_while_an_instance_reports_on_the_stream_is_retried_past_the_report_not_refused()
    {
        var config = new MikConfig { Database = { Schema = TestDatabase.NewSchema() }, Cluster = { ModuleSource = ClusterOptions.FolderSource } };
        await using var store = await TestEventStore.CreateAsync(config.Database.Schema);
        var bytes = new ModuleBytesStore(new EventStoreConnection(TestDatabase.ConnectionString, IsEmbedded: false), config);
        var report = new OvertakingClock(() =>
        {
            using var session = store.LightweightSession();
            session.Events.Append("module:hello", new ModuleActivated("hello", DateTimeOffset.UtcNow, "web-2", "aa"));
            session.SaveChangesAsync(Ct).GetAwaiter().GetResult();
        });
        var log = new ModuleAuditLog(store, report, bytes, config);
        await new ModuleAuditLog(store, TimeProvider.System, bytes, config).DeployAsync("hello", "aa", 10, DeploySources.Api, "ops", null, Ct);

        var change = await log.DeployAsync("hello", "bb", 10, DeploySources.Api, "ops", null, Ct);

        Assert.True(change.Changed);
        await using var query = store.QuerySession();
        var events = await query.Events.FetchStreamAsync("module:hello", token: Ct);
        Assert.Equal(["module_deployed", "module_activated", "module_deployed"], events.Select(e => e.EventTypeName));
    }

    private sealed class OvertakingClock(Action overtake) : TimeProvider
    {
        private int _calls;

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Increment(ref _calls) == 1) overtake();
            return base.GetUtcNow();
        }
    }

    [Fact]
    public async Task Racing_deploys_of_the_same_bytes_all_succeed_and_record_one_version()
    {
        var changes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            _log.DeployAsync("same", "aa", 10, DeploySources.Api, "ops", expectedVersion: null, Ct)));

        Assert.Single(changes, c => c.Changed);
        await using var session = _store.QuerySession();
        Assert.Single(await session.Events.FetchStreamAsync("module:same", token: Ct));
    }

    [Fact]
    public async Task A_rejected_upload_is_recorded_without_changing_the_current_version()
    {
        await _log.DeployAsync("hello", "aa", 10, DeploySources.Api, "ops", null, Ct);
        // Rejections reach the stream through the audit writer, like any recorded event.
        await using (var session = _store.LightweightSession())
        {
            session.Events.Append("module:hello", new ModuleRejected("hello", DateTimeOffset.UtcNow, "not a WebAssembly module", "ops"));
            await session.SaveChangesAsync(Ct);
        }

        Assert.Equal(new ModuleChange(false, 1), await _log.DeployAsync("hello", "aa", 10, DeploySources.Api, "ops", null, Ct));
    }
}
