using System.Globalization;
using System.Text;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Runtime.Components;

/// <summary>
/// The boundary of outgoing HTTP: checks a guest's <c>outgoing-request</c> against the module's
/// <c>allowed_outbound_hosts</c> and, when it may go, starts it on the shared client (<see cref="OutgoingCall"/>).
/// </summary>
internal static class OutgoingRequests
{
    public readonly record struct Started(OutgoingError? Error, Task<OutgoingOutcome>? Call);

    public static Started Send(OutboundContext? outbound, HttpOutgoingRequest request, HttpRequestOptions? options)
    {
        var scheme = request.Scheme ?? "https";
        if (scheme is not ("http" or "https") || string.IsNullOrEmpty(request.Authority))
            return new(new OutgoingError("HTTP-request-URI-invalid"), null);
        var (host, portText) = OutboundHostPattern.Split(request.Authority);
        var port = OutboundHostPattern.DefaultPort(scheme);
        if (host.Length == 0 || (portText is not null
                && !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port)) || port is < 1 or > 65535)
            return new(new OutgoingError("HTTP-request-URI-invalid"), null);

        if (outbound is null) return new(new OutgoingError(OutgoingError.Denied), null);
        if (!outbound.Allows(scheme, host.Trim('[', ']'), port) && !outbound.Allows(scheme, host, port))
        {
            // Only scheme and authority: a path or query may carry what the guest was given.
            var upstream = $"{scheme}://{request.Authority}";
            if (outbound.FirstDenial(upstream)) outbound.Http.Denied(outbound.Module, upstream);
            return new(new OutgoingError(OutgoingError.Denied), null);
        }

        if (!Uri.TryCreate($"{scheme}://{request.Authority}{request.PathWithQuery ?? "/"}", UriKind.Absolute, out var uri))
            return new(new OutgoingError("HTTP-request-URI-invalid"), null);
        var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        if (request.Body is { } body)
            message.Content = body.Finished ? new ReadOnlyMemoryContent(body.Content.WrittenMemory.ToArray()) : new OutgoingBodyContent(body);
        foreach (var (name, value) in request.Headers.ToSend())
        {
            var text = Encoding.Latin1.GetString(value);
            if (!message.Headers.TryAddWithoutValidation(name, text))
            {
                message.Content ??= new ReadOnlyMemoryContent(ReadOnlyMemory<byte>.Empty);
                message.Content.Headers.TryAddWithoutValidation(name, text);
            }
        }
        return new(null, OutgoingCall.Start(outbound, message, options));
    }
}
