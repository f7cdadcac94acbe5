using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// What every component's outgoing HTTP shares: one <see cref="HttpClient"/> (no cookies, no redirects followed, no
/// proxy, no decompression: the guest sees what the upstream answered) and the <c>outbound_denied</c> log line
/// (docs/components.md, Outgoing HTTP).
/// </summary>
internal sealed partial class OutboundHttp : IDisposable
{
    /// <summary>The most of an upstream's response body a guest gets; more is <c>HTTP-response-body-size</c>.</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    private readonly ILogger _logger;

    public OutboundHttp(ILogger? logger = null, TimeProvider? time = null)
    {
        _logger = logger ?? NullLogger.Instance;
        Time = time ?? TimeProvider.System;
        Client = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public HttpClient Client { get; }

    public TimeProvider Time { get; }

    public void Denied(string module, string upstream) => OutboundDenied(_logger, module, upstream);

    public void Dispose() => Client.Dispose();

    // The guest's connect-timeout applies here, and the call learns whether it got past connecting, so a timeout
    // can be told apart as connection-timeout or connection-read-timeout.
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancel)
    {
        context.InitialRequestMessage.Options.TryGetValue(OutgoingCall.Key, out var call);
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        if (call?.ConnectTimeout is { } timeout) connect.CancelAfter(timeout);
        if (call is not null) call.ConnectStarted = true;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, connect.Token);
            if (call is not null) call.Connected = true;
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 2240, Level = LogLevel.Warning, Message = "outbound_denied")]
    private static partial void OutboundDenied(ILogger logger, string module, string upstream);
}
