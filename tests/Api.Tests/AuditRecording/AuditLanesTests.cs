using Marten;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.AuthFailures;
using Mik.Durable.Domain.Breakers;

namespace Mik.Durable.Api.Tests.AuditRecording;

/// <summary>A large batch goes to the store in two transactions at once, split by stream (docs/operations.md).</summary>
public sealed class AuditLanesTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _spoolDir = Directory.CreateTempSubdirectory("mik-spool-").FullName;

    public void Dispose() => Directory.Delete(_spoolDir, recursive: true);

    /// <summary>A busy mik's mix: 40% auth failures (one stream), the rest breaker events over 30 modules.</summary>
    private static List<AuditRecord> Burst(int count, DateTimeOffset at) =>
        [.. Enumerable.Range(0, count).Select(i => AuditRecord.New(i % 5 < 2
            ? new AuthFailed(at.AddTicks(i), AuthFailureReasons.InvalidKey, "10.0.0.1", "GET", "/instances/" + i, "curl/8")
            : new CircuitOpened("m" + (i % 30), at.AddTicks(i), i, "handler_trap")))];

    [Fact]
    public void Each_stream_stays_whole_and_in_order_in_one_lane_and_the_lanes_share_the_work()
    {
        var batch = Burst(5_000, DateTimeOffset.UtcNow);

        var lanes = AuditLanes.Split(batch, 2);

        Assert.Equal(2, lanes.Count);
        Assert.Equal(batch.OrderBy(r => r.Id), lanes.SelectMany(l => l).OrderBy(r => r.Id));
        foreach (var stream in batch.GroupBy(r => r.Event.Stream))
        {
            var holding = Assert.Single(lanes, lane => lane.Any(r => r.Event.Stream == stream.Key));
            Assert.Equal(stream, holding.Where(r => r.Event.Stream == stream.Key));
        }
        // The hot auth stream (2,000) fills one lane, the breaker streams the other (3,000) and then both grow evenly.
        Assert.All(lanes, lane => Assert.InRange(lane.Count, 2_000, 3_000));
    }

    [Fact]
    public async Task A_split_batch_is_stored_once_with_every_stream_in_recorded_order()
    {
        await using var store = await TestEventStore.CreateAsync();
        var at = DateTimeOffset.UtcNow;
        var batch = Burst(3_000, at);

        await new AuditStore(store, lanes: 2).AppendAsync(batch, skipExisting: false, Ct);

        await AssertStoredOnceInOrderAsync(store, batch);
    }

    [Fact]
    public async Task A_split_batch_one_lane_of_which_committed_before_a_failure_is_replayed_from_the_spool_once()
    {
        await using var store = await TestEventStore.CreateAsync();
        var at = DateTimeOffset.UtcNow;
        var batch = Burst(3_000, at);
        // One lane (the auth stream's) committed, the other failed: the writer spooled the whole batch.
        using (var spool = new AuditSpool(_spoolDir, 64 * 1024 * 1024)) spool.Append(batch);
        var committedLane = batch.Where(r => r.Event is AuthFailed).ToList();
        await new AuditStore(store, lanes: 1).AppendAsync(committedLane, skipExisting: false, Ct);

        await using var pipeline = await AuditPipeline.StartAsync(store, _spoolDir);
        await AuditPipeline.EventuallyAsync(() => Task.FromResult(!pipeline.Spool.HasPending), "the replay");

        await AssertStoredOnceInOrderAsync(store, batch);
    }

    private static async Task AssertStoredOnceInOrderAsync(IDocumentStore store, List<AuditRecord> batch)
    {
        await using var session = store.QuerySession();
        Assert.Equal(batch.Count, await session.Events.QueryAllRawEvents().CountAsync(Ct));
        foreach (var stream in batch.GroupBy(r => r.Event.Stream))
        {
            var stored = await session.Events.FetchStreamAsync(stream.Key, token: Ct);
            Assert.Equal(stream.Select(r => r.Id), stored.Select(e => e.Id));
        }
    }
}
