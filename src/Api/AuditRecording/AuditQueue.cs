using System.Threading.Channels;
using Mik.Durable.Api.Logging;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Api.AuditRecording;

/// <summary>
/// The request path's side of the audit trail: a bounded in-memory queue that never blocks. A full queue means
/// the writer is stuck; the event is refused with an ERROR and a metric rather than stalling requests.
/// </summary>
internal sealed partial class AuditQueue : IAuditTrail
{
    private readonly Channel<AuditRecord> _channel;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private long _lastFullLog = long.MinValue;

    public AuditQueue(AuditOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        _channel = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _time = time;
        _log = loggers.CreateLogger(LogTargets.Audit);
    }

    public int Count => _channel.Reader.Count;

    internal ChannelReader<AuditRecord> Reader => _channel.Reader;

    public void Record(IAuditEvent auditEvent)
    {
        if (_channel.Writer.TryWrite(AuditRecord.New(auditEvent))) return;
        AuditMetrics.Dropped.WithLabels("queue_full").Inc();
        // At most one line a second: a stuck writer under a burst must not flood the log as well.
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastFullLog);
        if (last != long.MinValue && _time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1)) return;
        if (Interlocked.CompareExchange(ref _lastFullLog, now, last) == last)
            QueueFull(_log, auditEvent.GetType().Name, auditEvent.Stream);
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Error, Message = "audit_queue_full")]
    private static partial void QueueFull(ILogger logger, string eventType, string stream);
}
