using System.Diagnostics;
using Mik.Durable.Api.Logging;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Mik.Durable.Api.Requests;

/// <summary>
/// Writes the <c>request_completed</c> line straight to Serilog. Every request logs it, so it skips the
/// Microsoft.Extensions.Logging bridge, which per call enumerates the state, adds EventId/{OriginalFormat}
/// properties (hidden again by the formatter) and runs the scope enricher.
/// </summary>
internal sealed class RequestLog(Serilog.ILogger logger)
{
    private static readonly MessageTemplate Template = new MessageTemplateParser().Parse("request_completed");
    private static readonly LogEventProperty Target = new(Constants.SourceContextPropertyName, new ScalarValue(LogTargets.Request));

    private readonly Serilog.ILogger _logger = logger.ForContext(Constants.SourceContextPropertyName, LogTargets.Request);

    // Properties are immutable: the few methods and statuses requests have are made once, not per request.
    private static readonly LogEventProperty[] Methods =
        [.. new[] { "GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS" }.Select(m => new LogEventProperty("method", new ScalarValue(m)))];
    private static readonly LogEventProperty?[] Statuses = new LogEventProperty?[600];

    private static LogEventProperty MethodProperty(string method)
    {
        foreach (var known in Methods)
        {
            if ((string)((ScalarValue)known.Value).Value! == method) return known;
        }
        return new("method", new ScalarValue(method));
    }

    private static LogEventProperty StatusProperty(int status) =>
        (uint)status < (uint)Statuses.Length
            ? Statuses[status] ??= new("status", new ScalarValue(status))
            : new("status", new ScalarValue(status));

    public void Completed(string method, string path, int status, double durationMs, string? module)
    {
        if (!_logger.IsEnabled(LogEventLevel.Information)) return;
        LogEventProperty[] properties =
        [
            Target,
            MethodProperty(method),
            new("path", new ScalarValue(path)),
            StatusProperty(status),
            new("duration_ms", new ScalarValue(durationMs)),
            new("module", new ScalarValue(module)),
        ];
        var activity = Activity.Current;
        var logEvent = activity is null
            ? new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null, Template, properties)
            : new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null, Template, properties, activity.TraceId, activity.SpanId);
        _logger.Write(logEvent);
    }
}
