using Mediator;
using Mik.Durable.Api.Cluster;

namespace Mik.Durable.Api.Admin.Instances;

/// <summary>
/// <c>GET /instances</c>: every instance of the cluster (docs/operations.md). The list lives only in PostgreSQL, so
/// without it this is a 503 that says so.
/// </summary>
internal sealed record ListInstances : IRequest<IReadOnlyList<InstanceInfo>>;

internal sealed class ListInstancesHandler(InstancesQuery instances) : IRequestHandler<ListInstances, IReadOnlyList<InstanceInfo>>
{
    public async ValueTask<IReadOnlyList<InstanceInfo>> Handle(ListInstances query, CancellationToken cancellationToken) =>
        await AdminStore.ReadAsync(() => instances.ListAsync(cancellationToken));
}
