using System.Net.Sockets;
using Microsoft.AspNetCore.Http.HttpResults;
using Mik.Durable.Api.Hosting;
using Npgsql;

namespace Mik.Durable.Api.Instances;

/// <summary><c>GET /instances</c> on the admin listener: every instance of the cluster (design section 8).</summary>
internal static class InstancesApi
{
    public static IEndpointRouteBuilder MapInstancesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/instances", ListInstances).WithName("instances").WithMetadata(new ListenerMetadata(Listener.Admin));
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<InstanceInfo>>, ProblemHttpResult>> ListInstances(
        InstancesQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await query.ListAsync(cancellationToken));
        }
        catch (Exception e) when (IsDatabaseUnavailable(e))
        {
            // The list lives only in PostgreSQL; saying so beats a bare 500.
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "event store unavailable",
                detail: "the instance list is kept in PostgreSQL, which did not answer: " + e.GetBaseException().Message,
                extensions: new Dictionary<string, object?> { ["error"] = "event_store_unavailable" });
        }
    }

    private static bool IsDatabaseUnavailable(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is NpgsqlException or SocketException or TimeoutException) return true;
        }
        return false;
    }
}
