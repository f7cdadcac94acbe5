using Microsoft.AspNetCore.Http.HttpResults;
using Mik.Durable.Api.Hosting;

namespace Mik.Durable.Api.Instances;

/// <summary><c>GET /instances</c> on the admin listener: every instance of the cluster (design section 8).</summary>
internal static class InstancesApi
{
    public static IEndpointRouteBuilder MapInstancesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/instances", ListInstances).WithName("instances").WithMetadata(new ListenerMetadata(Listener.Admin));
        return app;
    }

    private static async Task<Ok<IReadOnlyList<InstanceInfo>>> ListInstances(InstancesQuery query, CancellationToken cancellationToken) =>
        TypedResults.Ok(await query.ListAsync(cancellationToken));
}
