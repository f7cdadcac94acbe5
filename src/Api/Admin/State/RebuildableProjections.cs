using Marten;
using Mik.Durable.Api.EventStore.Projections;
using Mik.Durable.Domain.Deployments;

namespace Mik.Durable.Api.Admin.State;

/// <summary>The async projections of <see cref="EventStore.MikStoreOptions"/>, by the name the admin API gives them.</summary>
internal sealed record RebuildableProjections(string Name, Type Type, Func<IQuerySession, CancellationToken, Task<int>> CountAsync)
{
    public static IReadOnlyList<RebuildableProjections> All { get; } =
    [
        new("modules", typeof(ModuleProjection), (s, ct) => s.Query<DeployedModule>().CountAsync(ct)),
        new("breakers", typeof(BreakerProjection), (s, ct) => s.Query<BreakerView>().CountAsync(ct)),
        new("instances", typeof(InstanceProjection), (s, ct) => s.Query<InstanceView>().CountAsync(ct)),
    ];

    public static RebuildableProjections? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
