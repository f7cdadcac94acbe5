using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Mik.Durable.Api.Tests.Support;

/// <summary>Keeps every log event of a host, for tests that check what was (not) logged.</summary>
internal sealed class LogCapture : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);

    public IEnumerable<string> Describe(LogEventLevel atLeast) =>
        Events.Where(e => e.Level >= atLeast).Select(e =>
            $"{e.Level} {e.Properties.GetValueOrDefault("SourceContext")} {e.RenderMessage()} {e.Exception?.Message}");
}
