using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Mik.Durable.Api.Tests.Support;

/// <summary>
/// A port in front of the test PostgreSQL that refuses connections until <see cref="Open"/>, so a test can
/// start mik while "PostgreSQL is down" and bring it back later; <see cref="Close"/> takes it away again, cutting
/// the connections it relays.
/// </summary>
internal sealed class PostgresRelay : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly string _target;
    private TcpListener? _listener;
    private CancellationTokenSource _connections = new();

    public PostgresRelay()
    {
        _target = TestDatabase.ConnectionString;
        Port = FreePort.Next();
        ConnectionString = new NpgsqlConnectionStringBuilder(_target) { Port = Port, Timeout = 2 }.ConnectionString;
    }

    public int Port { get; }

    /// <summary>The test database's connection string, through the relay.</summary>
    public string ConnectionString { get; }

    public void Open()
    {
        _connections = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptAsync(_listener, _connections.Token);
    }

    /// <summary>Refuses new connections and cuts the open ones, as a PostgreSQL going away would.</summary>
    public async Task CloseAsync()
    {
        _listener?.Stop();
        _listener = null;
        await _connections.CancelAsync();
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken open)
    {
        var target = new NpgsqlConnectionStringBuilder(_target);
        while (!open.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(open);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client, target.Host!, target.Port, open);
        }
    }

    private static async Task RelayAsync(TcpClient client, string host, int port, CancellationToken open)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(host, port, open);
                await using var a = client.GetStream();
                await using var b = server.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, open), b.CopyToAsync(a, open));
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // A connection ends when either side or the test does.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener?.Stop();
        _connections.Dispose();
        _stop.Dispose();
    }
}
