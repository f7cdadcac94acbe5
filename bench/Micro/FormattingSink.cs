using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Mik.Durable.Micro;

/// <summary>Formats each event as it arrives, into <c>output</c>: the work of mik's stdout sink without its thread and queue.</summary>
internal sealed class FormattingSink(ITextFormatter formatter, TextWriter output) : ILogEventSink
{
    public void Emit(LogEvent logEvent) => formatter.Format(logEvent, output);
}
