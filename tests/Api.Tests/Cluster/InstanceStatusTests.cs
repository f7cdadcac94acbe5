using Marten;
using Marten.Events;
using Microsoft.Extensions.Time.Testing;
using Mik.Durable.Api.Cluster;
using Mik.Durable.Api.EventStore.Projections;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Domain.Membership;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Tests.Cluster;

public sealed class InstanceStatusTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-28T10:00:00Z");
    private static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(null, 0, 0, "running")]     // fresh heartbeat, never stopped
    [InlineData(null, 0, 30, "running")]    // exactly lost_after old: still running
    [InlineData(null, 0, 31, "lost")]       // older than lost_after, no stop: killed or cut off
    [InlineData(60, 50, 500, "stopped")]    // stopped after its last start, last beat before the stop
    [InlineData(60, 70, 5, "running")]      // a beat after the stop: restarted, projection not caught up yet
    [InlineData(-10, 0, 0, "running")]      // the stop belongs to an earlier run
    [InlineData(-10, 0, 100, "lost")]
    public void Status_comes_from_the_last_stop_and_the_age_of_the_last_heartbeat(int? stoppedAfterStart, int beatAfterStart, int nowAfterBeat, string expected)
    {
        var started = T0;
        DateTimeOffset? stopped = stoppedAfterStart is { } s ? T0.AddSeconds(s) : null;
        var beat = T0.AddSeconds(beatAfterStart);
        Assert.Equal(expected, InstanceStatus.Of(started, stopped, beat, beat.AddSeconds(nowAfterBeat), LostAfter));
    }

    [Fact]
    public void Without_any_heartbeat_a_started_instance_is_lost()
    {
        Assert.Equal("lost", InstanceStatus.Of(T0, null, null, T0, LostAfter));
        Assert.Equal("stopped", InstanceStatus.Of(T0, T0.AddSeconds(1), null, T0.AddDays(1), LostAfter));
    }

    [Fact]
    public async Task The_query_joins_the_projected_instances_with_their_heartbeats_on_a_fake_clock()
    {
        await using var store = await TestEventStore.CreateAsync();
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await using (var session = store.LightweightSession())
        {
            session.Events.Append("instance:a", Started("a", 101));
            session.Events.Append("instance:b", Started("b", 102), new InstanceStopped("b", T0.AddSeconds(40), "sigterm"));
            session.Events.Append("instance:c", Started("c", 103));
            session.Store(Beat("a", T0.AddSeconds(55), runsProjections: true), Beat("b", T0.AddSeconds(39)), Beat("c", T0.AddSeconds(20)),
                Beat("d", T0.AddSeconds(58)));
            await session.SaveChangesAsync(Ct);
        }
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var time = new FakeTimeProvider(T0.AddSeconds(60));
        var config = new MikConfig { Cluster = { HeartbeatSecs = 5, LostAfterSecs = 30 } };
        var query = new InstancesQuery(store, config, time);
        var instances = await query.ListAsync(Ct);

        Assert.Equal(["a:running", "b:stopped", "c:lost", "d:running"], instances.Select(i => $"{i.Id}:{i.Status}"));
        var a = instances[0];
        Assert.Equal(("host-a", 101, "0.1.0", T0, T0.AddSeconds(55), true), (a.Host, a.Pid, a.Version, a.StartedAt, a.LastSeen, a.RunsProjections));
        Assert.Equal([3000, 9919], a.Ports!);
        Assert.Equal((T0.AddSeconds(40), "sigterm"), (instances[1].StoppedAt, instances[1].StopReason));
        Assert.Equal((null, null, null), (instances[3].Host, instances[3].Pid, instances[3].StartedAt));

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(["a:lost", "b:stopped", "c:lost", "d:lost"], (await query.ListAsync(Ct)).Select(i => $"{i.Id}:{i.Status}"));
        Assert.False((await query.ListAsync(Ct))[0].RunsProjections, "a lost instance runs nothing");
        await daemon.StopAllAsync();
    }

    private static InstanceStarted Started(string id, int pid) => new(id, T0, "host-" + id, pid, [3000, 9919], "0.1.0", "sha-" + id);

    private static InstanceHeartbeat Beat(string id, DateTimeOffset at, bool runsProjections = false) =>
        new() { Id = id, LastSeen = at, RunsProjections = runsProjections };
}
