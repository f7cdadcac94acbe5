using Prometheus;

namespace Mik.Durable.Api.AuditRecording;

/// <summary>The audit series of <c>/metrics</c> (docs/runtime.md).</summary>
internal static class AuditMetrics
{
    public static Counter Written { get; } = Metrics.CreateCounter("mik_audit_events_written_total",
        "Audit events committed to the event store (live or replayed from the spool).");

    public static Gauge Pending { get; } = Metrics.CreateGauge("mik_audit_events_pending",
        "Audit events not yet in the event store: queued in memory plus waiting in the spool.");

    public static Gauge SpoolBytes { get; } = Metrics.CreateGauge("mik_audit_spool_bytes",
        "Size of the audit spool file (events kept on disk while PostgreSQL is unreachable).");

    public static Counter Spooled { get; } = Metrics.CreateCounter("mik_audit_events_spooled_total",
        "Audit events written (fsync'd) to the spool because the event store was unreachable.");

    public static Counter Dropped { get; } = Metrics.CreateCounter("mik_audit_events_dropped_total",
        "Audit events refused: reason queue_full, spool_full or spool_error (each also logged as an ERROR).",
        new CounterConfiguration { LabelNames = ["reason"] });
}
