using Microsoft.AspNetCore.Http.Features;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Api.Requests;

/// <summary>
/// Describes a request the way the WAGI executor needs it: raw path and query as received. The server passes an
/// ASP.NET Core request; <c>mik call</c> passes the parts of one it never received over a socket.
/// </summary>
internal static class WagiRequestFactory
{
    // A reference, so a reader sees a port and its host together.
    private static Tuple<int, string>? _defaultHost;

    /// <param name="withHeaders">False for a guest that cannot see an environment: headers only ever reach it as
    /// <c>HTTP_*</c> variables.</param>
    public static WagiRequest Create(HttpContext context, string module, ReadOnlyMemory<byte> body, int serverPort, bool withHeaders = true)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target
            ? target
            : request.PathBase + request.Path + request.QueryString;
        var headers = new List<KeyValuePair<string, string>>(withHeaders ? request.Headers.Count : 0);
        if (withHeaders)
        {
            foreach (var (name, values) in request.Headers)
            {
                foreach (var value in values) headers.Add(new(name, value ?? ""));
            }
        }
        var host = request.Headers.Host.Count > 0 ? request.Headers.Host.ToString() : null;
        return Create(module, request.Method, rawTarget, headers, host, body, serverPort,
            request.Scheme, context.Connection.RemoteIpAddress?.ToString() ?? "", request.Protocol);
    }

    /// <summary>A request from its parts: <paramref name="rawTarget"/> is the path and query as sent, e.g. <c>/run/m/a?x=1</c>.</summary>
    public static WagiRequest Create(string module, string method, string rawTarget, IReadOnlyList<KeyValuePair<string, string>> headers,
        string? host, ReadOnlyMemory<byte> body, int serverPort, string scheme, string remoteIp, string protocol)
    {
        var queryAt = rawTarget.IndexOf('?', StringComparison.Ordinal);
        return new WagiRequest
        {
            Method = method,
            Scheme = scheme,
            Host = host,
            RawPath = queryAt < 0 ? rawTarget : rawTarget[..queryAt],
            RawQuery = queryAt < 0 ? "" : rawTarget[(queryAt + 1)..],
            RoutePrefix = "/run/" + module,
            Headers = headers,
            Body = body,
            RemoteIp = remoteIp,
            Protocol = protocol,
            DefaultHost = DefaultHost(serverPort),
        };
    }

    // The port is the server's, the same on every request: format it once.
    private static string DefaultHost(int port)
    {
        if (_defaultHost is { } known && known.Item1 == port) return known.Item2;
        var host = $"localhost:{port}";
        _defaultHost = Tuple.Create(port, host);
        return host;
    }
}
