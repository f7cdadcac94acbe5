using System.Net;
using Mik.Durable.Api.Hosting;
using Mik.Durable.Api.Logging;
using Mik.Durable.Domain.Audit;
using Mik.Durable.Domain.Auth;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Auth;

/// <summary>
/// On the admin listener, when <c>MIK_API_KEY</c> is set: every request but <c>GET /health</c> and <c>GET /metrics</c>
/// needs the key in <c>X-API-Key</c>; a missing key is a 401, a wrong one a 403 (problem+json). Each refusal is
/// recorded on its own (audit event, audit log line, counter) and never carries what was sent as the key.
/// </summary>
internal sealed partial class AdminAuthMiddleware(
    RequestDelegate next, MikConfig config, AdminApiKey key, IAuditTrail audit, TimeProvider time, ILoggerFactory loggers)
{
    // Enough for any real route and user agent; keeps a hostile client from filling the audit trail with megabytes.
    internal const int MaxFieldLength = 256;
    private const int MaxMethodLength = 32;

    private readonly ILogger _audit = loggers.CreateLogger(LogTargets.Audit);

    public Task InvokeAsync(HttpContext context)
    {
        if (ListenerOf.Request(context, config) != Listener.Admin || IsExempt(context.Request)) return next(context);
        var reason = key.Check(context.Request.Headers[AdminApiKey.Header]);
        return reason is null ? next(context) : RefuseAsync(context, reason);
    }

    // Probes and scrapers get no key (design section 8). Routing matches paths case-insensitively, so does this.
    private static bool IsExempt(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && (request.Path.Equals("/health", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/metrics", StringComparison.OrdinalIgnoreCase));

    private Task RefuseAsync(HttpContext context, string reason)
    {
        var request = context.Request;
        // The query string is left out: it is where a confused client would put the key.
        var failure = new AuthFailed(
            time.GetUtcNow(),
            reason,
            RemoteIp(context.Connection.RemoteIpAddress),
            Truncate(request.Method, MaxMethodLength),
            Truncate(request.PathBase.Add(request.Path).Value ?? "/", MaxFieldLength),
            Truncate(request.Headers.UserAgent.ToString(), MaxFieldLength));
        audit.Record(failure);
        AuthFailure(_audit, failure.Reason, failure.RemoteIp, failure.Method, failure.Path, failure.UserAgent);
        AuthMetrics.Failures.WithLabels(reason).Inc();

        var missing = reason == AuthFailureReasons.MissingKey;
        // RFC 9110 wants a challenge with every 401; there is no registered scheme for an API key header.
        if (missing) context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{AdminApiKey.Header}\"";
        return Results.Problem(
            statusCode: missing ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden,
            title: missing ? "Unauthorized" : "Forbidden",
            detail: missing
                ? $"The admin API needs the key in the {AdminApiKey.Header} header."
                : $"The {AdminApiKey.Header} header does not hold the admin API key.").ExecuteAsync(context);
    }

    private static string RemoteIp(IPAddress? address) => address switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } => address.MapToIPv4().ToString(),
        _ => address.ToString(),
    };

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(EventId = 4200, Level = LogLevel.Warning, Message = "auth_failure")]
    private static partial void AuthFailure(ILogger logger, string reason, string remoteIp, string method, string path, string userAgent);
}
