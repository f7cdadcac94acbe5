using System.Diagnostics;
using Mik.Durable.Domain.Deployments;
using Mik.Durable.Runtime.Admission;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Configuration;
using Mik.Durable.Runtime.Registry;
using Mik.Durable.Runtime.Wagi;

namespace Mik.Durable.Api.Requests;

/// <summary>
/// Serves one <c>/run/{module}/…</c> request, top to bottom: the module exists, the body is read, the request is
/// admitted (circuit, then concurrency: <see cref="RequestAdmission"/>), the module is acquired, the guest runs
/// (<see cref="WagiExecutor"/>, or <see cref="ComponentExecutor"/> for a component), and the response or error is
/// written and counted. docs/runtime.md lists the checks.
/// </summary>
internal sealed class RunHandler(ModuleRegistry registry, RequestAdmission admission, WagiExecutor executor,
    ComponentExecutor components, MikConfig config, HandlerLoggers loggers)
{
    private readonly long _maxBodyBytes = config.Server.MaxBodyMb * 1024L * 1024L;

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var module = context.Request.RouteValues["module"] as string ?? "";
        var series = RequestMetrics.Unknown;
        var failed = false;
        try
        {
            var streamed = false;
            if (ModuleName.IsValid(module) && registry.Versions.TryGetValue(module, out var version))
                (series, streamed) = (RequestMetrics.For(module), version.IsComponent);
            var answer = series == RequestMetrics.Unknown ? NotFound(context, module) : await RunAsync(module, context, streamed);
            if (answer is not null) await answer.ExecuteAsync(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            series.Completed(RequestStatus.Of(context, failed), Stopwatch.GetElapsedTime(started));
        }
    }

    /// <param name="streamed">A component: it reads the body from the client as it runs (docs/components.md, "Streaming").</param>
    /// <returns>The error to answer with, or null when the guest's response was written.</returns>
    private async Task<IResult?> RunAsync(string module, HttpContext context, bool streamed)
    {
        // A 2xx to CONNECT makes the connection a tunnel, which no handler can serve: Kestrel then refused the guest's
        // framed answer with a 500 and a stack trace, after the guest had already run (docs/runtime.md, Errors).
        if (HttpMethods.IsConnect(context.Request.Method))
            return Refuse("method_not_supported", HandlerError.Result(context, 501, "method_not_supported",
                "CONNECT opens a tunnel; a handler cannot answer it", module));
        ReadOnlyMemory<byte>? body = ReadOnlyMemory<byte>.Empty;
        if (streamed)
        {
            if (context.Request.ContentLength > _maxBodyBytes) body = null;
        }
        else
        {
            try
            {
                body = await RequestBody.ReadAsync(context, _maxBodyBytes);
            }
            catch (BadHttpRequestException refused)
            {
                return RequestBodyRejection.Answer(loggers.Runtime, context, refused, module);
            }
        }
        if (body is null)
            return Refuse("body_too_large", HandlerError.Result(context, 413, "body_too_large", $"the request body exceeds max_body_mb = {config.Server.MaxBodyMb}", module));

        var run = await admission.EnterAsync(module, context.RequestAborted);
        switch (run.Refusal)
        {
            case Refusal.CircuitOpen:
                return Refuse("circuit_open", HandlerError.Result(context, 503, "circuit-open",
                    $"module '{module}' failed repeatedly; its circuit is open until the next probe", module, run.RetryAfter));
            case Refusal.Overloaded:
                return Refuse("overloaded", HandlerError.Result(context, 503, "overloaded", "too many requests in flight; retry later", module, run.RetryAfter));
            case Refusal.ModuleBusy:
                return Refuse("module_busy", HandlerError.Result(context, 429, "module_busy", "this module is running as many requests as it may", module, run.RetryAfter));
        }

        var ran = false;
        string? failureCode = null;
        try
        {
            var acquired = registry.Acquire(module);
            // Removed while the request waited at the gate.
            if (!acquired.Exists) return NotFound(context, module);
            if (acquired.IsReloading)
                return Refuse("module_reloading", HandlerError.Result(context, 503, "module_reloading",
                    "the module's file is being replaced; retry shortly", module, TimeSpan.FromSeconds(1)));
            if (acquired.Lease is null)
            {
                (ran, failureCode) = (true, "instantiate_failed");
                InstantiateFailedLog.OnRequest(loggers.Runtime, module, acquired.Problem!);
                // The full problem may name host paths or quote the file: the log has it, the client its kind.
                return HandlerError.Result(context, 500, "instantiate_failed",
                    WagiOutcome.FailedToInstantiate + ModuleProblems.ForClient(acquired.Problem!), module);
            }
            using var lease = acquired.Lease;
            var component = lease.Value.Component;
            // Replaced by a module of the other kind while the request waited: its body was not read for a module.
            if (streamed && component is null)
                return Refuse("module_reloading", HandlerError.Result(context, 503, "module_reloading",
                    "the module's file is being replaced; retry shortly", module, TimeSpan.FromSeconds(1)));
            // HEAD: Kestrel drops the body and the client is done at the headers, so the response is held and framed whole.
            var connection = streamed && !HttpMethods.IsHead(context.Request.Method) ? new ComponentConnection(context, _maxBodyBytes) : null;
            // A component reads its request's headers through wasi:http; a WAGI module only if it reads its environment.
            var request = WagiRequestFactory.Create(context, module, body.Value, config.Server.Port,
                component is not null || lease.Value.Module.ReadsEnvironment);
            var route = lease.Value.Routes.Match(request.RawPath[request.RoutePrefix.Length..]);
            WagiResult result;
            using (run.HoldThread())
                result = component is not null
                    ? components.Execute(component, request, connection)
                    : executor.Execute(lease.Value.Module, route is null ? request : route.Apply(request), route?.Entrypoint);
            using var disposeResult = result;
            (ran, failureCode) = (true, result.Failure?.Code);
            GuestMemoryPeak.Observe(result.GuestMemoryBytes);
            GuestOutputLog.Write(loggers, module, result);
            if (connection is not null && StreamedResponse.Outcome(context, connection, result, module, loggers.Runtime, config.Server.MaxBodyMb) is { } outcome)
            {
                if (outcome.Neutral) (ran, failureCode) = (false, null);
                return outcome.Answer;
            }
            if (result.Failure is { } failure)
                return HandlerError.Result(context, failure.HttpStatus, failure.Code, failure.Message, module);
            await WriteResponseAsync(context, result.Response!);
            return null;
        }
        finally
        {
            run.Exit(ran, failureCode);
        }
    }
    private static IResult Refuse(string reason, IResult answer)
    {
        RequestMetrics.Reject(reason);
        return answer;
    }

    private static async Task WriteResponseAsync(HttpContext context, CgiResponse response)
    {
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers) context.Response.Headers.Append(name, value);
        // 204, 205 and 304 have no body by definition; the server refuses one (1xx never gets here: invalid output).
        if (response.Status is >= 200 and not 204 and not 205 and not 304)
        {
            context.Response.ContentLength = response.Body.Length;
            await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
        }
    }

    /// <remarks>The name is whatever the client sent: at most 64 characters of it are echoed.</remarks>
    private static IResult NotFound(HttpContext context, string module)
    {
        var shown = module.Length <= 64 ? module : module[..64];
        return HandlerError.Result(context, 404, "module_not_found", $"no module named '{shown}'", shown);
    }
}
