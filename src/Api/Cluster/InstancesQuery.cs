using Marten;
using Mik.Durable.Api.EventStore.Projections;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cluster;

/// <summary>
/// Every instance of the cluster: what the async <see cref="InstanceProjection"/> knows of each, joined with its
/// <see cref="InstanceHeartbeat"/> for liveness. Ordered by id.
/// </summary>
internal sealed class InstancesQuery(IDocumentStore store, MikConfig config, TimeProvider time)
{
    public async Task<IReadOnlyList<InstanceInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var views = await session.Query<InstanceView>().ToListAsync(cancellationToken);
        var beats = (await session.Query<InstanceHeartbeat>().ToListAsync(cancellationToken)).ToDictionary(b => b.Id, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var lostAfter = TimeSpan.FromSeconds(config.Cluster.LostAfterSecs);

        var result = new List<InstanceInfo>(Math.Max(views.Count, beats.Count));
        foreach (var view in views.Where(v => v.InstanceId.Length > 0))
        {
            var beat = beats.GetValueOrDefault(view.InstanceId);
            beats.Remove(view.InstanceId);
            // Pruned, and not heard of since: forgotten. A beat after the prune means it is back.
            if (view.PrunedAt is { } pruned && (beat is null || beat.LastSeen <= pruned)) continue;
            var status = InstanceStatus.Of(view.StartedAt, view.StoppedAt, beat?.LastSeen, now, lostAfter);
            result.Add(new InstanceInfo(view.InstanceId, view.Host, view.Pid, view.Ports, view.Version, view.StartedAt, beat?.LastSeen, status,
                view.StoppedAt, view.StoppedAt is null ? null : view.StopReason, view.ConfigSha256,
                status == InstanceStatus.Running && beat!.RunsProjections));
        }
        // Heartbeats of instances whose InstanceStarted the projection has not reached yet.
        foreach (var beat in beats.Values)
        {
            var status = InstanceStatus.Of(null, null, beat.LastSeen, now, lostAfter);
            result.Add(new InstanceInfo(beat.Id, null, null, null, null, null, beat.LastSeen, status, null, null, null,
                status == InstanceStatus.Running && beat.RunsProjections));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return result;
    }
}
