using System.Collections.Concurrent;
using System.Text.Json;
using Mik.Durable.Api.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Mik.Durable.Api.Tests.Support;

/// <summary>A Serilog logger whose lines are kept as mik writes them to stdout (the JSON formatter), for assertions.</summary>
internal sealed class CapturedLog : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    public CapturedLog() => Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public Serilog.ILogger Logger { get; }

    public string Text => string.Concat(_lines);

    public List<JsonElement> Lines => [.. _lines.Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    public void Emit(LogEvent logEvent)
    {
        var writer = new StringWriter();
        new MikJsonFormatter().Format(logEvent, writer);
        _lines.Enqueue(writer.ToString());
    }
}
