using System.Diagnostics;

namespace Mik.Durable.Api.Logging;

/// <summary>Writes the one <c>request_completed</c> line every request ends with, and counts handler requests.</summary>
internal sealed class RequestCompletedMiddleware(RequestDelegate next, RequestLog log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
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
            var status = failed ? StatusCodes.Status500InternalServerError
                : context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499
                : context.Response.StatusCode;
            var elapsed = Stopwatch.GetElapsedTime(started);
            log.Completed(context.Request.Method, context.Request.PathBase + context.Request.Path, status,
                Math.Round(elapsed.TotalMilliseconds, 3), context.GetRouteValue("module") as string);
            Handlers.RequestMetrics.Completed(context, status, elapsed);
        }
    }
}
