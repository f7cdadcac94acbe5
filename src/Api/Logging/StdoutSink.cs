using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting;

namespace Mik.Durable.Api.Logging;

/// <summary>
/// Writes JSON lines to stdout from a thread of its own, which every <c>period</c> formats what was queued and
/// flushes it with one write. The request path only enqueues. Serilog's batching sink woke its reader (a
/// thread-pool work item, a lock, a few allocations) for nearly every event under load, and every request logs one.
/// </summary>
internal sealed class StdoutSink : ILogEventSink, IDisposable
{
    private readonly ITextFormatter _formatter;
    private readonly TextWriter _writer;
    private readonly TimeSpan _period;
    private readonly int _queueLimit;
    private readonly ConcurrentQueue<LogEvent> _queue = new();
    // No spinning before each wait: the thread wakes every period by design, and a spinning wait yields the CPU
    // (sched_yield) a few times each time, which under load took a share of the syscalls of a request.
    private readonly ManualResetEventSlim _stop = new(initialState: false, spinCount: 0);
    private readonly Thread _thread;
    private readonly bool _priorityPrefix;
    private int _queued;

    /// <param name="formatter">Formats one event as one line.</param>
    /// <param name="output">Where lines go. Default: the process's stdout.</param>
    /// <param name="period">Longest time a line waits before it is written. Default 20 ms.</param>
    /// <param name="queueLimit">Events waiting at most; past it new events are dropped. Default 100,000.</param>
    /// <param name="priorityPrefix">
    /// Start each line with its syslog priority (<c>&lt;3&gt;</c> for ERROR …), which journald takes off and keeps as
    /// the entry's priority, so <c>journalctl -p err</c> selects by level. Only when stdout is the journal.
    /// </param>
    public StdoutSink(ITextFormatter formatter, Stream? output = null, TimeSpan? period = null, int queueLimit = 100_000, bool priorityPrefix = false)
    {
        _formatter = formatter;
        _priorityPrefix = priorityPrefix;
        _writer = new StreamWriter(output ?? Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 64 * 1024)
        {
            AutoFlush = false,
        };
        _period = period ?? TimeSpan.FromMilliseconds(20);
        _queueLimit = queueLimit;
        _thread = new Thread(Run) { IsBackground = true, Name = "mik-stdout-log" };
        _thread.Start();
    }

    public void Emit(LogEvent logEvent)
    {
        if (_stop.IsSet) return;
        if (Interlocked.Increment(ref _queued) > _queueLimit)
        {
            Interlocked.Decrement(ref _queued);
            return;
        }
        _queue.Enqueue(logEvent);
    }

    private void Run()
    {
        bool stopping;
        do
        {
            stopping = _stop.Wait(_period);
            Drain();
        }
        while (!stopping);
    }

    private void Drain()
    {
        var wrote = false;
        try
        {
            while (_queue.TryDequeue(out var logEvent))
            {
                Interlocked.Decrement(ref _queued);
                if (_priorityPrefix) _writer.Write(Priority(logEvent.Level));
                _formatter.Format(logEvent, _writer);
                wrote = true;
            }
            if (wrote) _writer.Flush();
        }
        catch (Exception e)
        {
            // A closed or failing stdout must not end the process: the lines are lost, serving goes on.
            SelfLog.WriteLine("mik stdout sink: {0}", e);
        }
    }

    private static string Priority(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => "<2>",
        LogEventLevel.Error => "<3>",
        LogEventLevel.Warning => "<4>",
        LogEventLevel.Information => "<6>",
        _ => "<7>",
    };

    /// <summary>Writes everything queued so far, then stops.</summary>
    public void Dispose()
    {
        if (_stop.IsSet) return;
        _stop.Set();
        _thread.Join();
        _writer.Dispose();
        _stop.Dispose();
    }
}
