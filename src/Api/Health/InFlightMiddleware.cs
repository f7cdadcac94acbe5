namespace Mik.Durable.Api.Health;

/// <summary>Counts requests in flight (probes and scrapes excluded) so shutdown can wait for them.</summary>
internal sealed class InFlightMiddleware(RequestDelegate next, ServerState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/metrics"))
        {
            await next(context);
            return;
        }
        state.RequestStarted();
        try
        {
            await next(context);
        }
        finally
        {
            state.RequestEnded();
        }
    }
}
