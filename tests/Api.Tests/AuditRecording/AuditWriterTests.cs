using Marten;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.AuthFailures;
using Mik.Durable.Domain.Breakers;

namespace Mik.Durable.Api.Tests.AuditRecording;

public sealed class AuditWriterTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _spoolDir = Directory.CreateTempSubdirectory("mik-spool-").FullName;

    public void Dispose() => Directory.Delete(_spoolDir, recursive: true);

    private static AuthFailed Failure(int n, DateTimeOffset at) =>
        new(at, AuthFailureReasons.InvalidKey, "10.0.0.1", "GET", "/instances/" + n, "curl/8");

    [Fact]
    public async Task Recorded_events_reach_the_store_with_their_ids_and_times()
    {
        await using var store = await TestEventStore.CreateAsync();
        await using var pipeline = await AuditPipeline.StartAsync(store, _spoolDir);
        var at = DateTimeOffset.Parse("2026-11-01T10:00:00Z");
        pipeline.Queue.Record(new CircuitOpened("trap", at, 5, "handler_trap"));

        await AuditPipeline.EventuallyAsync(async () => await CountAsync(store) == 1, "the event in the store");
        await using var session = store.QuerySession();
        var stored = Assert.Single(await session.Events.FetchStreamAsync("breaker:trap", token: Ct));
        Assert.Equal(at, stored.Timestamp);
        Assert.Equal("circuit_opened", stored.EventTypeName);
        Assert.Equal(new CircuitOpened("trap", at, 5, "handler_trap"), stored.Data);
        Assert.Equal(0, pipeline.Spool.Bytes);
    }

    [Fact]
    public async Task While_the_store_is_unreachable_events_are_spooled_then_replayed_once_and_in_order()
    {
        var start = DateTimeOffset.UtcNow;
        await using (var down = new DocumentStore(MikStoreOptions.Create(TestEventStore.Unreachable, TestDatabase.NewSchema())))
        await using (var pipeline = await AuditPipeline.StartAsync(down, _spoolDir))
        {
            for (var i = 0; i < 1000; i++) pipeline.Queue.Record(Failure(i, start.AddMilliseconds(i)));
            await AuditPipeline.EventuallyAsync(() => Task.FromResult(pipeline.Spool.PendingLines == 1000), "1000 spooled events");
            Assert.True(pipeline.Spool.Bytes > 0);
        }

        await using var store = await TestEventStore.CreateAsync();
        await using var next = await AuditPipeline.StartAsync(store, _spoolDir);
        await AuditPipeline.EventuallyAsync(() => Task.FromResult(!next.Spool.HasPending), "the spool to be replayed");
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(Domain.AuditTrail.AuditStreams.Auth(start), token: Ct);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => "/instances/" + i), events.Select(e => ((AuthFailed)e.Data).Path));
        Assert.Equal(1000, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(0, next.Spool.Bytes);
        Assert.False(File.Exists(Path.Combine(_spoolDir, "events.jsonl")));
    }

    [Fact]
    public async Task On_stop_the_spool_is_offered_to_the_store_once_more_even_right_after_a_failed_attempt()
    {
        var schema = TestDatabase.NewSchema();
        await using var direct = await TestEventStore.CreateAsync(schema);
        await using var relay = new PostgresRelay();
        await using var throughRelay = new DocumentStore(MikStoreOptions.Create(relay.ConnectionString, schema));
        var start = DateTimeOffset.UtcNow;
        await using (var pipeline = await AuditPipeline.StartAsync(throughRelay, _spoolDir, retryInterval: TimeSpan.FromHours(1)))
        {
            // The first append fails and spools; the second event's replay attempt fails too, just now.
            pipeline.Queue.Record(Failure(0, start));
            await AuditPipeline.EventuallyAsync(() => Task.FromResult(pipeline.Spool.PendingLines == 1), "the first event spooled");
            pipeline.Queue.Record(Failure(1, start.AddMilliseconds(1)));
            await AuditPipeline.EventuallyAsync(() => Task.FromResult(pipeline.Spool.PendingLines == 2), "the second event spooled");
            // PostgreSQL answers again, and the process stops long before the next paced retry.
            relay.Open();
        }

        await using var session = direct.QuerySession();
        var events = await session.Events.FetchStreamAsync(Domain.AuditTrail.AuditStreams.Auth(start), token: Ct);
        Assert.Equal(["/instances/0", "/instances/1"], events.Select(e => ((AuthFailed)e.Data).Path));
    }

    [Fact]
    public async Task A_replay_skips_the_events_the_store_already_has()
    {
        await using var store = await TestEventStore.CreateAsync();
        var at = DateTimeOffset.UtcNow;
        var records = Enumerable.Range(0, 10).Select(i => AuditRecord.New(Failure(i, at.AddMilliseconds(i)))).ToList();
        // A crash after the store committed but before the spool's cursor moved.
        using (var spool = new AuditSpool(_spoolDir, 1024 * 1024)) spool.Append(records);
        await new AuditStore(store).AppendAsync(records[..6], skipExisting: false, Ct);

        await using var pipeline = await AuditPipeline.StartAsync(store, _spoolDir);
        await AuditPipeline.EventuallyAsync(() => Task.FromResult(!pipeline.Spool.HasPending), "the replay");
        Assert.Equal(10, await CountAsync(store));
    }

    [Fact]
    public async Task Events_recorded_at_start_up_are_stored_even_when_the_stop_comes_before_the_writer_ever_ran()
    {
        // The spool property's shrunk case was [Append(18), Append(26), Restart]: the stop came before the host had
        // run the writer's loop, and all 44 events were lost. A start cut short (SIGTERM while starting: the host
        // hands hosted services a cancelled token) makes that certain.
        await using var store = await TestEventStore.CreateAsync();
        var start = DateTimeOffset.UtcNow;
        await using (var pipeline = AuditPipeline.Create(store, _spoolDir))
        {
            for (var i = 0; i < 44; i++) pipeline.Queue.Record(Failure(i, start.AddMilliseconds(i)));
            await pipeline.Writer.StartAsync(new CancellationToken(canceled: true));
        }

        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(Domain.AuditTrail.AuditStreams.Auth(start), token: Ct);
        Assert.Equal(Enumerable.Range(0, 44).Select(i => "/instances/" + i), events.Select(e => ((AuthFailed)e.Data).Path));
    }

    private static async Task<int> CountAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync(Ct);
    }
}
