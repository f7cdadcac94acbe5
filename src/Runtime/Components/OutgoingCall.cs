using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// One outgoing request on the shared client, run on the thread pool while the guest goes on. It ends with the
/// upstream's response (body read, capped at <see cref="OutboundHttp.MaxResponseBytes"/>) or an <c>error-code</c>, and
/// never later than the handler's deadline or the guest's timeouts: a timer cancels it, and the end of the request
/// cancels whatever is left.
/// </summary>
internal sealed class OutgoingCall
{
    public static readonly HttpRequestOptionsKey<OutgoingCall> Key = new("mik.outgoing-call");

    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>Set when this call opened a connection and when that connection was made (a pooled one is neither).</summary>
    public bool ConnectStarted { get; set; }
    public bool Connected { get; set; }

    public static Task<OutgoingOutcome> Start(OutboundContext outbound, HttpRequestMessage message, HttpRequestOptions? options)
    {
        var call = new OutgoingCall { ConnectTimeout = options?.ConnectTimeout };
        message.Options.Set(Key, call);
        // Until the response head: the handler's time left, or less when the guest set timeouts.
        var head = outbound.Remaining;
        if (options?.FirstByteTimeout is { } firstByte)
        {
            var guest = firstByte + (options.ConnectTimeout ?? TimeSpan.Zero);
            if (guest < head) head = guest;
        }
        return Task.Run(() => call.RunAsync(outbound, message, head, options?.BetweenBytesTimeout));
    }

    private async Task<OutgoingOutcome> RunAsync(OutboundContext outbound, HttpRequestMessage message, TimeSpan head, TimeSpan? betweenBytes)
    {
        var headArrived = false;
        try
        {
            using var headTimer = new CancellationTokenSource(head, outbound.Http.Time);
            using var headToken = CancellationTokenSource.CreateLinkedTokenSource(outbound.Ended, headTimer.Token);
            using var response = await outbound.Http.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, headToken.Token)
                .ConfigureAwait(false);
            headArrived = true;
            var headers = new HttpFields { Immutable = true };
            AddHeaders(headers, response.Headers);
            AddHeaders(headers, response.Content.Headers);
            var body = await ReadBodyAsync(outbound, response.Content, betweenBytes).ConfigureAwait(false);
            return body is null
                ? OutgoingOutcome.Failed(new OutgoingError("HTTP-response-body-size", Size: OutboundHttp.MaxResponseBytes))
                : new OutgoingOutcome(new HttpIncomingResponse((int)response.StatusCode, headers, body.Value), null);
        }
        catch (OperationCanceledException) when (!outbound.Ended.IsCancellationRequested)
        {
            // Before the head: still connecting is connection-timeout; waiting for an answer is a read timeout.
            return OutgoingOutcome.Failed(new OutgoingError(!headArrived && ConnectStarted && !Connected ? "connection-timeout" : "connection-read-timeout"));
        }
        catch (Exception e)
        {
            return OutgoingOutcome.Failed(Map(e));
        }
        finally
        {
            message.Dispose();
        }
    }

    /// <summary>The body, or null when it passes the cap; each read waits at most the between-bytes timeout.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(OutboundContext outbound, HttpContent content, TimeSpan? betweenBytes)
    {
        using var deadline = new CancellationTokenSource(outbound.Remaining, outbound.Http.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(outbound.Ended, deadline.Token);
        await using var stream = await content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
        var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            using var read = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
            if (betweenBytes is { } wait) read.CancelAfter(wait);
            var count = await stream.ReadAsync(buffer, read.Token).ConfigureAwait(false);
            if (count == 0) return body.GetBuffer().AsMemory(0, (int)body.Length);
            if (body.Length + count > OutboundHttp.MaxResponseBytes) return null;
            body.Write(buffer, 0, count);
        }
    }

    private static void AddHeaders(HttpFields fields, HttpHeaders headers)
    {
        foreach (var (name, values) in headers)
            foreach (var value in values)
                fields.Entries.Add(new(name.ToLowerInvariant(), Encoding.Latin1.GetBytes(value)));
    }

    /// <summary>The <c>error-code</c> case of a failed call (docs/components.md, Outgoing HTTP).</summary>
    public static OutgoingError Map(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => new(OutgoingError.DnsError, "address not available"),
                        SocketError.ConnectionRefused => new("connection-refused"),
                        SocketError.TimedOut => new("connection-timeout"),
                        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => new("connection-terminated"),
                        _ => new("destination-unavailable"),
                    };
                case AuthenticationException tls:
                    return new(tls.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase) ? "TLS-certificate-error" : "TLS-protocol-error");
            }
        }
        return failure switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => new(OutgoingError.DnsError, "address not available"),
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => new("TLS-protocol-error"),
            HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => new("HTTP-response-incomplete"),
            HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError } => new("HTTP-protocol-error"),
            HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => new("HTTP-response-header-section-size"),
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => new("destination-unavailable"),
            HttpRequestException { InnerException: IOException { Message: var why } } when why.Contains("outgoing-body", StringComparison.Ordinal)
                => new("internal-error", why),
            IOException => new("HTTP-response-incomplete"),
            _ => new("internal-error", failure.Message),
        };
    }
}
