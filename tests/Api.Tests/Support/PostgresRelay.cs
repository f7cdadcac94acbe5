using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Mik.Durable.Api.Tests.Support;

/// <summary>
/// A port in front of the test PostgreSQL that refuses connections until <see cref="Open"/>, so a test can
/// start mik while "PostgreSQL is down" and bring it back later.
/// </summary>
internal sealed class PostgresRelay : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly string _target;
    private TcpListener? _listener;

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
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptAsync(_listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        var target = new NpgsqlConnectionStringBuilder(_target);
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client, target.Host!, target.Port);
        }
    }

    private async Task RelayAsync(TcpClient client, string host, int port)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(host, port, _stop.Token);
                await using var a = client.GetStream();
                await using var b = server.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
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
        _stop.Dispose();
    }
}
