using System.Diagnostics;
namespace Mik.Durable.Api.Requests;

/// <summary>
/// Writes the one <c>request_completed</c> line every request ends with, and counts requests in flight (probes and
/// scrapes excluded) so shutdown can wait for them. A <c>/run</c> request the handler served counts itself in the
/// request series (<see cref="RunHandler"/>); one that reached no handler (no module in the path, the wrong
/// listener) is counted here, under no module. One middleware rather than one per concern: each costs an async
/// frame per request.
/// </summary>
internal sealed class RequestCompletedMiddleware(RequestDelegate next, RequestLog log, InFlightRequests inFlight)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var path = context.Request.Path;
        var counted = !path.StartsWithSegments("/health") && !path.StartsWithSegments("/metrics");
        if (counted) inFlight.Started();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            if (counted) inFlight.Ended();
            var status = RequestStatus.Of(context, failed);
            var elapsed = Stopwatch.GetElapsedTime(started);
            log.Completed(context.Request.Method, context.Request.PathBase + context.Request.Path, status,
                Math.Round(elapsed.TotalMilliseconds, 3), context.GetRouteValue("module") as string);
            if (path.StartsWithSegments("/run") && context.GetEndpoint()?.Metadata.GetMetadata<HandlerEndpointMetadata>() is null)
                RequestMetrics.Unknown.Completed(status, elapsed);
        }
    }
}
