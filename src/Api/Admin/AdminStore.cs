using Marten;
using Npgsql;

namespace Mik.Durable.Api.Admin;

/// <summary>Commits an admin action's events; an unreachable store is a 503 that says so, not a 500.</summary>
internal static class AdminStore
{
    public static async Task CommitAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException || e.InnerException is NpgsqlException || e is TimeoutException)
        {
            throw new AdminException(StatusCodes.Status503ServiceUnavailable, "event store unavailable",
                "the event store (PostgreSQL) cannot be reached; nothing was changed, try again when /health shows event_store ok");
        }
    }
}
