using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Logging;

namespace Mik.Durable.Api.AuditRecording;

/// <summary>
/// Moves audit events from the queue to PostgreSQL in batches. While the store is unreachable, and for as long as
/// the spool holds anything (to keep the order), batches go to the spool instead, which is offered to the store
/// every <see cref="AuditOptions.RetryInterval"/> and replayed in order, skipping what the store already has.
/// </summary>
internal sealed partial class AuditWriter(
    AuditQueue queue, AuditSpool spool, AuditStore store, EventStoreStatus status, AuditOptions options, TimeProvider time, ILoggerFactory loggers)
    : BackgroundService
{
    private readonly ILogger _log = loggers.CreateLogger(LogTargets.Audit);
    private bool _storeDown;
    private long _replayed;
    private long _lastAttempt;
    private volatile bool _executed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _executed = true;
        var batch = new List<AuditRecord>(options.BatchSize);
        if (spool.HasPending) SpoolFound(_log, spool.PendingLines, spool.Bytes);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WaitForWorkAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            Drain(batch);
            await ProcessAsync(batch, stoppingToken);
            batch.Clear();
        }
        await FlushOnStopAsync(batch);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The host starts ExecuteAsync on the thread pool with the stopping token: a stop that comes before the pool
        // got to it cancels it unrun, and the events queued at start-up would go with the process.
        if (!_executed) await FlushOnStopAsync(new List<AuditRecord>(options.BatchSize));
    }

    private async Task WaitForWorkAsync(CancellationToken stoppingToken)
    {
        if (!spool.HasPending)
        {
            await queue.Reader.WaitToReadAsync(stoppingToken);
            return;
        }
        using var retry = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        retry.CancelAfter(options.RetryInterval);
        try
        {
            await queue.Reader.WaitToReadAsync(retry.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Time to offer the spool to the store again.
        }
    }

    private void Drain(List<AuditRecord> batch)
    {
        while (batch.Count < options.BatchSize && queue.Reader.TryRead(out var record)) batch.Add(record);
    }

    private async Task ProcessAsync(List<AuditRecord> batch, CancellationToken cancellationToken)
    {
        if (!status.SchemaReady.IsCompleted)
        {
            // Until this process has seen the migrations applied, an append could only fail (and log an ERROR for
            // a missing table); events recorded at start-up wait in the spool and are replayed in order.
            ToSpool(batch);
            return;
        }
        if (spool.HasPending || _storeDown)
        {
            ToSpool(batch);
            // While the store is away each attempt costs a connection attempt: once per retry interval is enough.
            if (!_storeDown || time.GetElapsedTime(_lastAttempt) >= options.RetryInterval) await ReplayAsync(cancellationToken);
            return;
        }
        if (batch.Count == 0) return;
        try
        {
            await store.AppendAsync(batch, skipExisting: false, cancellationToken);
            AuditMetrics.Written.Inc(batch.Count);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping, not an outage: the batch waits in the spool for the flush on stop (or the next start).
            ToSpool(batch);
        }
        catch (Exception e)
        {
            // Including a cancelled append when stopping: whether it committed is unknown, and the replay skips
            // whatever the store already has.
            StoreDown(e);
            ToSpool(batch);
        }
    }

    private async Task ReplayAsync(CancellationToken cancellationToken)
    {
        _lastAttempt = time.GetTimestamp();
        while (spool.HasPending)
        {
            SpoolChunk chunk;
            try
            {
                chunk = spool.Read(options.BatchSize);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A spool that cannot be read now keeps its events; the next retry tries again. Serving goes on.
                SpoolFailed(_log, 0, e.Message);
                return;
            }
            try
            {
                if (chunk.Records.Count > 0) await store.AppendAsync(chunk.Records, skipExisting: true, cancellationToken);
            }
            catch (Exception e)
            {
                StoreDown(e);
                return;
            }
            if (chunk.Unreadable > 0) SpoolUnreadable(_log, chunk.Unreadable);
            try
            {
                spool.Commit(chunk);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The store has the chunk; replaying it again later writes nothing twice (ids are skipped).
                SpoolFailed(_log, 0, e.Message);
                return;
            }
            AuditMetrics.Written.Inc(chunk.Records.Count);
            _replayed += chunk.Records.Count;
        }
        if (_storeDown || _replayed > 0) SpoolReplayed(_log, _replayed);
        _storeDown = false;
        _replayed = 0;
    }

    private void ToSpool(List<AuditRecord> batch)
    {
        if (batch.Count == 0) return;
        int spooled;
        try
        {
            spooled = spool.Append(batch);
        }
        catch (IOException e) when (e.HResult is DiskFull or QuotaExceeded)
        {
            // A full disk is the spool being full before its own limit: reported as such, with the spool's size.
            AuditMetrics.Dropped.WithLabels("spool_full").Inc(batch.Count);
            SpoolDiskFull(_log, batch.Count, spool.Bytes, e.Message);
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AuditMetrics.Dropped.WithLabels("spool_error").Inc(batch.Count);
            SpoolFailed(_log, batch.Count, e.Message);
            return;
        }
        AuditMetrics.Spooled.Inc(spooled);
        if (spooled < batch.Count)
        {
            AuditMetrics.Dropped.WithLabels("spool_full").Inc(batch.Count - spooled);
            SpoolFull(_log, batch.Count - spooled, spool.Bytes, options.SpoolMaxBytes);
        }
    }

    private async Task FlushOnStopAsync(List<AuditRecord> batch)
    {
        using var timeout = new CancellationTokenSource(options.StopFlushTimeout, time);
        var lastAttempt = _lastAttempt;
        do
        {
            batch.Clear();
            Drain(batch);
            await ProcessAsync(batch, timeout.Token);
        }
        while (batch.Count > 0);
        // Unless the flush just tried, one last offer of the spool to the store whatever the retry pacing says (an
        // append cut short by the stop left its batch there); what is still spooled then waits for the next start.
        if (spool.HasPending && _lastAttempt == lastAttempt && status.SchemaReady.IsCompleted && !timeout.IsCancellationRequested)
            await ReplayAsync(timeout.Token);
    }

    private void StoreDown(Exception e)
    {
        if (!_storeDown) Spooling(_log, e.GetBaseException().Message);
        _storeDown = true;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "audit_spooling")]
    private static partial void Spooling(ILogger logger, string error);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "audit_spool_replayed")]
    private static partial void SpoolReplayed(ILogger logger, long events);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "audit_spool_full")]
    private static partial void SpoolFull(ILogger logger, int refused, long spoolBytes, long maxBytes);

    // On Unix an IOException's HResult is the errno: ENOSPC and EDQUOT.
    private const int DiskFull = 28;
    private const int QuotaExceeded = 122;

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "audit_spool_disk_full")]
    private static partial void SpoolDiskFull(ILogger logger, int refused, long spoolBytes, string error);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "audit_spool_failed")]
    private static partial void SpoolFailed(ILogger logger, int refused, string error);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "audit_spool_unreadable")]
    private static partial void SpoolUnreadable(ILogger logger, int lines);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "audit_spool_found")]
    private static partial void SpoolFound(ILogger logger, long events, long bytes);
}
