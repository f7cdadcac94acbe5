using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Mik.Durable.Api.Logging;
using Mik.Durable.Api.Requests;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;

namespace Mik.Durable.Api.Tests.Logging;

public sealed class MikJsonFormatterTests
{
    private sealed class Capture : ILogEventSink
    {
        public List<string> Lines { get; } = [];

        public void Emit(LogEvent logEvent)
        {
            var writer = new StringWriter();
            new MikJsonFormatter().Format(logEvent, writer);
            Lines.Add(writer.ToString());
        }
    }

    private static (Microsoft.Extensions.Logging.ILogger Logger, Capture Capture, IDisposable Owner) Create(string category)
    {
        var capture = new Capture();
        var serilog = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(capture).CreateLogger();
        var factory = new SerilogLoggerFactory(serilog, dispose: true);
        return (factory.CreateLogger(category), capture, factory);
    }

    private static (RequestLog Log, Capture Capture, Logger Owner) CreateRequestLog()
    {
        var capture = new Capture();
        var serilog = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(capture).CreateLogger();
        return (new RequestLog(serilog), capture, serilog);
    }

    [Fact]
    public void Timestamp_numbers_strings_and_span_ids_are_written_exactly()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(0_0456789);
        var trace = ActivityTraceId.CreateFromString("4bf92f3577b34da6a3ce929d0e0e4736");
        var span = ActivitySpanId.CreateFromString("00f067aa0ba902b7");
        LogEventProperty[] properties =
        [
            new("count", new ScalarValue(-42)), new("bytes", new ScalarValue(5_000_000_000L)), new("ratio", new ScalarValue(0.1)),
            new("nan", new ScalarValue(double.NaN)), new("text", new ScalarValue("a \"quoted\"\nline")),
        ];
        var logEvent = new LogEvent(at, LogEventLevel.Warning, null, new Serilog.Parsing.MessageTemplateParser().Parse("m"), properties, trace, span);
        var writer = new StringWriter();

        new MikJsonFormatter().Format(logEvent, writer);

        Assert.Equal(
            "{\"timestamp\":\"2026-01-02T03:04:05.045678Z\",\"level\":\"WARN\",\"target\":\"mik\",\"message\":\"m\"," +
            "\"count\":-42,\"bytes\":5000000000,\"ratio\":0.1,\"nan\":\"NaN\",\"text\":\"a \\\"quoted\\\"\\nline\"," +
            "\"span\":{\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\"}}\n",
            writer.ToString());
    }

    [Fact]
    public void A_request_line_has_the_runbook_field_names_and_numbers_stay_numbers()
    {
        var (log, capture, owner) = CreateRequestLog();
        using (owner)
            log.Completed("POST", "/run/hello/x", 201, 12.5, "hello");

        var line = Assert.Single(capture.Lines);
        Assert.EndsWith("\n", line);
        Assert.DoesNotContain('\n', line.TrimEnd('\n'));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("INFO", root.GetProperty("level").GetString());
        Assert.Equal("mik::request", root.GetProperty("target").GetString());
        Assert.Equal("request_completed", root.GetProperty("message").GetString());
        Assert.Equal("POST", root.GetProperty("method").GetString());
        Assert.Equal("/run/hello/x", root.GetProperty("path").GetString());
        Assert.Equal(201, root.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("duration_ms").ValueKind);
        Assert.Equal(12.5, root.GetProperty("duration_ms").GetDouble());
        Assert.Equal("hello", root.GetProperty("module").GetString());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("timestamp").GetString(), out _));
        Assert.EndsWith("Z", root.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void The_trace_of_the_current_activity_is_written_as_span()
    {
        var (log, capture, owner) = CreateRequestLog();
        using var activity = new Activity("request");
        activity.SetParentId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        activity.Start();
        using (owner)
            log.Completed("GET", "/health", 200, 1, null);

        using var json = JsonDocument.Parse(Assert.Single(capture.Lines));
        var span = json.RootElement.GetProperty("span");
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", span.GetProperty("trace_id").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), span.GetProperty("span_id").GetString());
        Assert.False(json.RootElement.TryGetProperty("module", out _));
    }

    [Fact]
    public void A_request_line_keeps_its_field_order_and_has_no_span_outside_a_trace()
    {
        var (log, capture, owner) = CreateRequestLog();
        using (owner)
            log.Completed("GET", "/run/hello/", 200, 0.25, "hello");

        using var json = JsonDocument.Parse(Assert.Single(capture.Lines));
        Assert.Equal(["timestamp", "level", "target", "message", "method", "path", "status", "duration_ms", "module"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData(LogLevel.Trace, "TRACE")]
    [InlineData(LogLevel.Debug, "DEBUG")]
    [InlineData(LogLevel.Information, "INFO")]
    [InlineData(LogLevel.Warning, "WARN")]
    [InlineData(LogLevel.Error, "ERROR")]
    [InlineData(LogLevel.Critical, "ERROR")]
    public void Levels_use_the_runbook_names(LogLevel level, string expected)
    {
        var (logger, capture, owner) = Create("Microsoft.Hosting.Lifetime");
        using (owner)
#pragma warning disable CA2254, CA1848 // a framework-style log call is what is under test
            logger.Log(level, "Now listening on: {address}", "http://0.0.0.0:3000");
#pragma warning restore CA2254, CA1848

        using var json = JsonDocument.Parse(Assert.Single(capture.Lines));
        Assert.Equal(expected, json.RootElement.GetProperty("level").GetString());
        Assert.Equal("Microsoft.Hosting.Lifetime", json.RootElement.GetProperty("target").GetString());
        Assert.Equal("Now listening on: http://0.0.0.0:3000", json.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void An_exception_becomes_error_and_exception_fields()
    {
        var (logger, capture, owner) = Create(LogTargets.Runtime);
        using (owner)
#pragma warning disable CA1848
            logger.LogError(new InvalidOperationException("disk on fire"), "Failed to instantiate module {moduleName}", "hello");
#pragma warning restore CA1848

        using var json = JsonDocument.Parse(Assert.Single(capture.Lines));
        var root = json.RootElement;
        Assert.Equal("Failed to instantiate module hello", root.GetProperty("message").GetString());
        Assert.Equal("hello", root.GetProperty("module_name").GetString());
        Assert.Equal("disk on fire", root.GetProperty("error").GetString());
        Assert.Contains("InvalidOperationException", root.GetProperty("exception").GetString());
    }
}
