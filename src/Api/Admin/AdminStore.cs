using System.Net.Sockets;
using Marten;
using Npgsql;

namespace Mik.Durable.Api.Admin;

/// <summary>The admin API's use of the event store: an unreachable store is a 503 that says so, not a 500.</summary>
internal static class AdminStore
{
    public static Task CommitAsync(IDocumentSession session, CancellationToken cancellationToken) =>
        CommitAsync(async () =>
        {
            await session.SaveChangesAsync(cancellationToken);
            return true;
        });

    /// <summary>Runs a write; a store that cannot be reached means nothing was changed.</summary>
    public static async Task<T> CommitAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            throw Unavailable("nothing was changed; try again when /health shows event_store ok");
        }
    }

    public static async Task<T> ReadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            throw Unavailable("try again when /health shows event_store ok");
        }
    }

    public static bool IsUnreachable(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is NpgsqlException or SocketException or TimeoutException) return true;
        }
        return false;
    }

    private static AdminException Unavailable(string advice) =>
        new(StatusCodes.Status503ServiceUnavailable, "event store unavailable", "the event store (PostgreSQL) cannot be reached; " + advice,
            "event_store_unavailable");
}
