namespace Mik.Durable.Api.AuditRecording;

/// <summary>How the audit writer batches, spools and retries.</summary>
internal sealed class AuditOptions
{
    /// <summary>Spool folder, <c>&lt;state_dir&gt;/audit-spool</c>.</summary>
    public required string SpoolDir { get; init; }

    /// <summary>From <c>[state] audit_spool_max_mb</c>; default 256 MiB.</summary>
    public long SpoolMaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// Events held in memory between the request path and the writer. Default 100,000: seconds of the worst
    /// burst; the writer empties it into the store or the spool within milliseconds.
    /// </summary>
    public int QueueCapacity { get; init; } = 100_000;

    /// <summary>
    /// Most events per store transaction or spool fsync; the writer takes what is queued, so a quiet server writes
    /// small batches at once. Default 5,000: with Marten's per-stream append calls and one commit per batch, 5,000
    /// cost 7–15% less CPU per event than 1,000 (bench/README.md); one append per session is ~100× slower.
    /// </summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>
    /// Transactions a large batch is split into by stream, run at once (<see cref="AuditStore"/>). Default 2: with
    /// one, this process and PostgreSQL take turns on a batch; with two, each works while the other does.
    /// </summary>
    public int AppendLanes { get; init; } = DefaultAppendLanes;

    public const int DefaultAppendLanes = 2;

    /// <summary>How often the spool is offered to the store again while it is unreachable. Default 1 s.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for the store when stopping; what it does not take goes to the spool. Default 5 s.</summary>
    public TimeSpan StopFlushTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
