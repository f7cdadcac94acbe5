using System.Diagnostics;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Mik.Durable.Api.Logging;

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

    public void Completed(string method, string path, int status, double durationMs, string? module)
    {
        if (!_logger.IsEnabled(LogEventLevel.Information)) return;
        LogEventProperty[] properties =
        [
            Target,
            new("method", new ScalarValue(method)),
            new("path", new ScalarValue(path)),
            new("status", new ScalarValue(status)),
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
