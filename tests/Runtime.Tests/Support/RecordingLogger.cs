using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mik.Durable.Runtime.Tests.Support;

/// <summary>Keeps every log entry: level, message (mik's event name) and its fields.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields)> Entries => [.. _entries];

    /// <summary>The entries named <paramref name="message"/>.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Named(string message) =>
        [.. Entries.Where(e => e.Message == message).Select(e => e.Fields)];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(p => p.Key, p => p.Value)
            : [];
        _entries.Enqueue((logLevel, formatter(state, exception), fields));
    }
}
