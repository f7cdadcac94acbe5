using Microsoft.AspNetCore.Http.Features;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Api.Handlers;

/// <summary>Describes an ASP.NET Core request the way the WAGI executor needs it: raw path and query as received.</summary>
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
        var queryAt = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var headers = new List<KeyValuePair<string, string>>(withHeaders ? request.Headers.Count : 0);
        if (withHeaders)
        {
            foreach (var (name, values) in request.Headers)
            {
                foreach (var value in values) headers.Add(new(name, value ?? ""));
            }
        }
        return new WagiRequest
        {
            Method = request.Method,
            Scheme = request.Scheme,
            Host = request.Headers.Host.Count > 0 ? request.Headers.Host.ToString() : null,
            RawPath = queryAt < 0 ? rawTarget : rawTarget[..queryAt],
            RawQuery = queryAt < 0 ? "" : rawTarget[(queryAt + 1)..],
            RoutePrefix = "/run/" + module,
            Headers = headers,
            Body = body,
            RemoteIp = context.Connection.RemoteIpAddress?.ToString() ?? "",
            Protocol = request.Protocol,
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
