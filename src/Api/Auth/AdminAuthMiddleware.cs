using System.Net;
using Mik.Durable.Api.Hosting;
using Mik.Durable.Api.Logging;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Domain.AuthFailures;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Auth;

/// <summary>
/// On the admin listener, when <c>MIK_API_KEY</c> is set: every request but <c>GET /health</c> and <c>GET /metrics</c>
/// needs the key in <c>X-API-Key</c>; a missing key is a 401, a wrong one a 403 (problem+json). Each refusal is
/// recorded on its own (audit event, audit log line, counter) and never carries what was sent as the key. An address
/// that keeps failing is answered 429 for a while (<see cref="AuthFailureThrottle"/>), its failures still recorded.
/// </summary>
internal sealed partial class AdminAuthMiddleware(
    RequestDelegate next, MikConfig config, AdminApiKey key, AuthFailureThrottle throttle, IAuditTrail audit, TimeProvider time,
    SecretMask secrets, ILoggerFactory loggers)
{
    // Enough for any real route and user agent; keeps a hostile client from filling the audit trail with megabytes.
    internal const int MaxFieldLength = 256;
    private const int MaxMethodLength = 32;

    private readonly ILogger _audit = loggers.CreateLogger(LogTargets.Audit);

    public Task InvokeAsync(HttpContext context)
    {
        if (ListenerOf.Request(context, config) != Listener.Admin || IsExempt(context.Request)) return next(context);
        var reason = key.Check(context.Request.Headers[AdminApiKey.Header]);
        var address = RemoteIp(context.Connection.RemoteIpAddress);
        if (throttle.IsThrottled(address, out var retryAfter)) return ThrottleAsync(context, reason, address, retryAfter);
        if (reason is null) return next(context);
        throttle.Failed(address);
        return RefuseAsync(context, reason, address);
    }

    // Probes and scrapers get no key (docs/operations.md). Routing matches paths case-insensitively, so does this.
    private static bool IsExempt(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && (request.Path.Equals("/health", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/metrics", StringComparison.OrdinalIgnoreCase));

    private Task RefuseAsync(HttpContext context, string reason, string address)
    {
        Record(context, reason, address, throttled: false);

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

    private Task ThrottleAsync(HttpContext context, string? reason, string address, TimeSpan retryAfter)
    {
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        if (reason is not null) Record(context, reason, address, throttled: true);
        else ThrottledWithKey(_audit, address, seconds);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too Many Requests",
            detail: $"Too many refused requests from {address}; try again in {seconds} s.").ExecuteAsync(context);
    }

    private void Record(HttpContext context, string reason, string address, bool throttled)
    {
        var request = context.Request;
        // The query string is left out: it is where a confused client would put the key. A key in the path or the
        // User-Agent is masked before the cut, so no part of it is kept.
        var failure = new AuthFailed(
            time.GetUtcNow(),
            reason,
            address,
            Truncate(request.Method, MaxMethodLength),
            Truncate(secrets.Mask(request.PathBase.Add(request.Path).Value ?? "/"), MaxFieldLength),
            Truncate(secrets.Mask(request.Headers.UserAgent.ToString()), MaxFieldLength),
            throttled);
        audit.Record(failure);
        AuthFailure(_audit, failure.Reason, failure.RemoteIp, failure.Method, failure.Path, failure.UserAgent, throttled);
        AuthMetrics.Failures.WithLabels(reason).Inc();
    }

    private static string RemoteIp(IPAddress? address) => address switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } => address.MapToIPv4().ToString(),
        _ => address.ToString(),
    };

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(EventId = 4200, Level = LogLevel.Warning, Message = "auth_failure")]
    private static partial void AuthFailure(
        ILogger logger, string reason, string remoteIp, string method, string path, string userAgent, bool throttled);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "auth_throttled")]
    private static partial void ThrottledWithKey(ILogger logger, string remoteIp, int retryAfterS);
}
