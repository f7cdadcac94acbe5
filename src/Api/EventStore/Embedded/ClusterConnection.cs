using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>Connections to the embedded cluster: 127.0.0.1, a port, a role and its password.</summary>
internal static class ClusterConnection
{
    public static string String(int port, string role, string password, string database, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = port,
            Username = role,
            Password = password,
            Database = database,
            ApplicationName = "mik",
            Pooling = pooling,
        }.ConnectionString;

    public static async Task<NpgsqlConnection> OpenAsync(int port, string role, string password, string database, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(String(port, role, password, database, pooling: false));
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits until the server on <paramref name="port"/> answers; false after <paramref name="timeout"/> or as soon as
    /// <paramref name="stillStarting"/> says the postmaster is gone. Any answer of the server counts, a refusal of the
    /// role included (a new cluster has no role <c>mik</c> yet), except "starting up" or "shutting down".
    /// </summary>
    public static async Task<bool> WaitAsync(int port, string password, Func<bool> stillStarting, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Monotonic: a wall clock set back while the cluster starts must not stretch the wait.
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                await using var connection = await OpenAsync(port, EmbeddedPostgres.Role, password, "postgres", cancellationToken);
                return true;
            }
            catch (PostgresException e) when (e.SqlState != PostgresErrorCodes.CannotConnectNow)
            {
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
            {
                if (TimeProvider.System.GetElapsedTime(started) > timeout || !stillStarting()) return false;
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
