using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mik.Durable.Api.Cluster;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.EventStore.Projections;
using Mik.Durable.Api.Tests.AuditRecording;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Tests.Cluster;

public sealed class HeartbeatServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Failed = "instance_heartbeat_failed";

    private static HeartbeatService Create(IDocumentStore store, RecordingLoggerFactory logs, int lostAfterSecs = 2)
    {
        var status = new EventStoreStatus();
        status.Set(true);
        var config = new MikConfig { Cluster = { HeartbeatSecs = 1, LostAfterSecs = lostAfterSecs } };
        var leadership = new ProjectionLeadership(new ServiceCollection().BuildServiceProvider());
        return new HeartbeatService(new InstanceIdentity("hb-test"), config, store, status, leadership, TimeProvider.System, logs);
    }

    [Fact]
    public async Task An_outage_is_one_WARN_and_the_beats_resume_when_the_database_is_back()
    {
        // Reachable, but without mik's tables yet: every beat fails until the schema is there.
        await using var store = new DocumentStore(MikStoreOptions.Create(TestDatabase.ConnectionString, TestDatabase.NewSchema()));
        var logs = new RecordingLoggerFactory();
        using var service = Create(store, logs);
        await service.StartAsync(Ct);
        await AuditPipeline.EventuallyAsync(() => Task.FromResult(logs.Count(LogLevel.Warning, Failed) == 1), "the first failed beat");
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.Equal(1, logs.Count(LogLevel.Warning, Failed));

        var before = DateTimeOffset.UtcNow;
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await AuditPipeline.EventuallyAsync(() => Task.FromResult(logs.Count(LogLevel.Information, "instance_heartbeat_resumed") == 1), "resumed beats");
        await service.StopAsync(Ct);

        await using var session = store.QuerySession();
        var beat = await session.LoadAsync<InstanceHeartbeat>("hb-test", Ct);
        Assert.NotNull(beat);
        Assert.True(beat.LastSeen >= before.AddSeconds(-1), $"last_seen {beat.LastSeen:O} is older than the recovery at {before:O}");
        Assert.False(beat.RunsProjections);
        Assert.Equal(1, logs.Count(LogLevel.Warning, Failed));
    }

    [Fact]
    public async Task An_unreachable_database_never_holds_up_stopping()
    {
        await using var store = new DocumentStore(MikStoreOptions.Create(TestEventStore.Unreachable, TestDatabase.NewSchema()));
        var logs = new RecordingLoggerFactory();
        // A beat may wait up to lost_after_secs for the database; stopping must not.
        using var service = Create(store, logs, lostAfterSecs: 60);
        await service.StartAsync(Ct);
        await AuditPipeline.EventuallyAsync(() => Task.FromResult(logs.Count(LogLevel.Warning, Failed) == 1), "the failed beat");

        var stopping = DateTime.UtcNow;
        await service.StopAsync(Ct);
        // A beat may wait 60 s (lost_after_secs); half of that still tells "did not wait" apart on a loaded machine.
        Assert.True(DateTime.UtcNow - stopping < TimeSpan.FromSeconds(30), "stopping waited for the database");
        Assert.Equal(1, logs.Count(LogLevel.Warning, Failed));
    }
}
