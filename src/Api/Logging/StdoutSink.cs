using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Mik.Durable.Api.Logging;

/// <summary>
/// Writes batches of JSON lines to stdout through one buffered writer and flushes once per batch: the request
/// path only enqueues (Serilog's batching queue), and stdout costs one write per batch instead of one per line.
/// </summary>
internal sealed class StdoutSink(ITextFormatter formatter) : IBatchedLogEventSink, IDisposable
{
    private readonly StreamWriter _writer = new(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 64 * 1024)
    {
        AutoFlush = false,
    };

    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        foreach (var logEvent in batch) formatter.Format(logEvent, _writer);
        await _writer.FlushAsync().ConfigureAwait(false);
    }

    public void Dispose() => _writer.Dispose();
}
