using System.Net.Sockets;
using JasperFx;
using JasperFx.Events;
using Marten.Exceptions;
using Npgsql;

namespace Mik.Durable.Api.EventStore;

/// <summary>Tells apart the ways a write to the event store fails, wherever Marten or Npgsql wrapped the cause.</summary>
internal static class StoreFailures
{
    private const int MaxAppendAttempts = 8;

    /// <summary>
    /// Runs an append (given its attempt number, from 1) and runs it again, after a short random pause so that writers
    /// that collided do not collide again in step, while it fails only because of a concurrent append.
    /// </summary>
    public static async Task RetryConcurrentAppendsAsync(Func<int, Task> append, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await append(attempt);
                return;
            }
            catch (Exception e) when (IsConcurrentAppend(e) && attempt < MaxAppendAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Another session appended to the same stream at the same moment. A plain append to a stream that does not exist
    /// yet surfaces as PostgreSQL's unique violation on the streams table (two sessions creating it at once), not as
    /// one of Marten's concurrency exceptions; the transaction rolled back as a whole, so the write can be tried again.
    /// </summary>
    public static bool IsConcurrentAppend(Exception e) => Any(e, inner => inner
        is ConcurrencyException
        or EventStreamUnexpectedMaxEventIdException
        or Marten.Exceptions.ExistingStreamIdCollisionException
        or JasperFx.Events.ExistingStreamIdCollisionException
        or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "mt_streams" or "mt_events" });

    /// <summary>
    /// PostgreSQL cannot be reached or cannot serve now: no connection, a timeout, or a server that is shutting down,
    /// starting or out of connections. An error PostgreSQL answered with (a constraint, a bad query) is not one.
    /// </summary>
    public static bool IsUnreachable(Exception e) => Any(e, inner => inner switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) // shutting down, starting, crash recovery
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal), // too many connections, out of memory or disk
        NpgsqlException or SocketException or TimeoutException => true,
        _ => false,
    });

    private static bool Any(Exception e, Func<Exception, bool> test)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (test(inner)) return true;
        }
        return false;
    }
}
