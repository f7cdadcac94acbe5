using Microsoft.AspNetCore.Http.Features;
using Mik.Durable.Api.Hosting;
using Mik.Durable.Api.Logging;
using Mik.Durable.Domain.Breakers;
using Mik.Durable.Runtime.Breakers;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Limits;
using Mik.Durable.Runtime.Modules;
using Mik.Durable.Runtime.Threads;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Api.Handlers;

/// <summary><c>ANY /run/{module}/{**path}</c> on the runtime listener: one fresh sandbox per request (design sections 2 and 3).</summary>
internal static partial class RunApi
{
    public static IEndpointRouteBuilder MapRunApi(this IEndpointRouteBuilder app)
    {
        var runtimeOnly = new ListenerMetadata(Listener.Runtime);
        // Created now, not on the first request: its thread must be watching before the first guest runs.
        app.ServiceProvider.GetRequiredService<BlockedRunCompensator>();
        app.Map("/run/{module}", Run).WithMetadata(runtimeOnly);
        app.Map("/run/{module}/{**path}", Run).WithMetadata(runtimeOnly);
        return app;
    }

    private static async Task<IResult> Run(string module, HttpContext context, ModuleRegistry registry, RequestGate gate,
        WagiExecutor executor, MikConfig config, HandlerLoggers loggers, CircuitBreakers breakers, CircuitEventPublisher circuitEvents,
        BlockedRunCompensator compensator)
    {
        if (!ModuleName.IsValid(module) || !registry.Versions.ContainsKey(module))
            return HandlerError.Result(context, 404, "module_not_found", $"no module named '{Shorten(module)}'", Shorten(module));

        context.Items[RequestMetrics.ModuleItem] = module;
        var body = await ReadBodyAsync(context, config.Server.MaxBodyMb * 1024L * 1024L);
        if (body is null)
            return Refuse("body_too_large", HandlerError.Result(context, 413, "body_too_large", $"the request body exceeds max_body_mb = {config.Server.MaxBodyMb}", module));

        var breaker = breakers.For(module);
        var transitions = new List<ICircuitEvent>(0);
        var pass = breaker.TryAdmit(transitions);
        if (transitions.Count > 0) circuitEvents.Publish(transitions);
        if (!pass.Admitted)
        {
            return Refuse("circuit_open", HandlerError.Result(context, 503, "circuit-open",
                $"module '{module}' failed repeatedly; its circuit is open until the next probe", module, pass.RetryAfter));
        }

        // Only the module's own behaviour moves its circuit: shedding, client aborts and host errors are neutral.
        var outcomeKnown = false;
        string? failureCode = null;
        var moduleLimit = config.Modules.GetValueOrDefault(module)?.MaxConcurrent;
        try
        {
            var admission = await gate.EnterAsync(module, moduleLimit, context.RequestAborted);
            if (admission == AdmissionResult.Overloaded)
                return Refuse("overloaded", HandlerError.Result(context, 503, "overloaded", "too many requests in flight; retry later", module, gate.Options.RetryAfter));
            if (admission == AdmissionResult.ModuleBusy)
                return Refuse("module_busy", HandlerError.Result(context, 429, "module_busy", "this module is running as many requests as it may", module, gate.Options.RetryAfter));
            try
            {
                var acquired = registry.Acquire(module);
                if (!acquired.Exists)
                    return HandlerError.Result(context, 404, "module_not_found", $"no module named '{module}'", module);
                if (acquired.IsReloading)
                    return Refuse("module_reloading", HandlerError.Result(context, 503, "module_reloading",
                        "the module's file is being replaced; retry shortly", module, TimeSpan.FromSeconds(1)));
                if (acquired.Lease is null)
                {
                    (outcomeKnown, failureCode) = (true, "instantiate_failed");
                    FailedToInstantiate(loggers.Runtime, module, acquired.Problem!);
                    return HandlerError.Result(context, 500, "instantiate_failed", "Failed to instantiate: " + acquired.Problem, module);
                }
                using var lease = acquired.Lease;
                var request = WagiRequestFactory.Create(context, module, body.Value, config.Server.Port);
                var route = lease.Value.Routes.Match(request.RawPath[request.RoutePrefix.Length..]);
                WagiResult result;
                using (compensator.Enter())
                    result = executor.Execute(lease.Value.Module, route is null ? request : route.Apply(request), route?.Entrypoint);
                using var disposeResult = result;
                (outcomeKnown, failureCode) = (true, BreakerFailure.Of(result));
                GuestMemoryPeak.Observe(result.GuestMemoryBytes);
                LogGuestOutput(loggers, module, result);
                if (result.Failure is { } failure)
                    return HandlerError.Result(context, failure.HttpStatus, failure.Code, failure.Message, module);
                return await WriteResponseAsync(context, result.Response!);
            }
            finally
            {
                gate.Release(module, moduleLimit);
            }
        }
        finally
        {
            if (!outcomeKnown) breaker.RecordNeutral(pass);
            else if (failureCode is null) breaker.RecordSuccess(pass, transitions);
            else breaker.RecordFailure(pass, failureCode, transitions);
            if (transitions.Count > 0) circuitEvents.Publish(transitions);
        }
    }

    private static IResult Refuse(string reason, IResult answer)
    {
        RequestMetrics.Reject(reason);
        return answer;
    }

    private static async Task<IResult> WriteResponseAsync(HttpContext context, CgiResponse response)
    {
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers) context.Response.Headers.Append(name, value);
        // 1xx, 204 and 304 have no body by definition; the server refuses one.
        if (response.Status is >= 200 and not 204 and not 304)
        {
            context.Response.ContentLength = response.Body.Length;
            await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
        }
        return Results.Empty;
    }

    /// <summary>The whole body, or null when it is larger than <paramref name="limit"/> bytes.</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context, long limit)
    {
        var declared = context.Request.ContentLength;
        if (declared > limit) return null;
        if (declared == 0 || (declared is null && !context.Request.Headers.TransferEncoding.Any())) return ReadOnlyMemory<byte>.Empty;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = null;

        var body = new byte[declared ?? 16 * 1024];
        var length = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(body.AsMemory(length), context.RequestAborted)) > 0)
        {
            length += read;
            if (length > limit) return null;
            if (length == body.Length && declared is null) Array.Resize(ref body, (int)Math.Min(Math.Max(body.Length * 2L, 4096), limit + 1));
        }
        return body.AsMemory(0, length);
    }

    private static void LogGuestOutput(HandlerLoggers loggers, string module, WagiResult result)
    {
        foreach (var line in result.StderrLines) GuestStderr(loggers.Guest, line, module);
        if (result.Failure is { } failure)
        {
            var runtime = loggers.Runtime;
            if (failure.Kind == WagiFailureKind.InstantiateFailed) FailedToInstantiate(runtime, module, failure.Message);
            else HandlerFailed(runtime, module, failure.Code, failure.Message);
        }
        else
        {
            foreach (var warning in result.Response!.Warnings) OutputWarning(loggers.Runtime, module, warning);
        }
    }

    private static string Shorten(string module) => module.Length <= 64 ? module : module[..64];

    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "{line}")]
    private static partial void GuestStderr(ILogger logger, string line, string module);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "handler_failed")]
    private static partial void HandlerFailed(ILogger logger, string module, string error, string detail);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Error, Message = "Failed to instantiate module {module}: {error}")]
    private static partial void FailedToInstantiate(ILogger logger, string module, string error);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "handler_output_warning")]
    private static partial void OutputWarning(ILogger logger, string module, string warning);
}
