using System.Diagnostics;
using Mik.Durable.Api.Handlers;
using Mik.Durable.Api.Health;

namespace Mik.Durable.Api.Logging;

/// <summary>
/// Writes the one <c>request_completed</c> line every request ends with, counts handler requests, and counts
/// requests in flight (probes and scrapes excluded) so shutdown can wait for them. One middleware rather than
/// one per concern: each costs an async frame per request.
/// </summary>
internal sealed class RequestCompletedMiddleware(RequestDelegate next, RequestLog log, ServerState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var path = context.Request.Path;
        var counted = !path.StartsWithSegments("/health") && !path.StartsWithSegments("/metrics");
        if (counted) state.RequestStarted();
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
            if (counted) state.RequestEnded();
            var status = failed ? StatusCodes.Status500InternalServerError
                : context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499
                : context.Response.StatusCode;
            var elapsed = Stopwatch.GetElapsedTime(started);
            log.Completed(context.Request.Method, context.Request.PathBase + context.Request.Path, status,
                Math.Round(elapsed.TotalMilliseconds, 3), context.GetRouteValue("module") as string);
            if (path.StartsWithSegments("/run")) RequestMetrics.Completed(context, status, elapsed);
        }
    }
}
