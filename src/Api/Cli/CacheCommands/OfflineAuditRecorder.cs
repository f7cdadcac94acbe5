using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Mik.Durable.Api.AuditRecording;
using Mik.Durable.Api.Cli.Client;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.EventStore.Embedded;
using Mik.Durable.Domain.AuditTrail;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cli.CacheCommands;

/// <summary>
/// Records an event of an offline command: into the event store when it can be reached (the configured server, or
/// the embedded cluster started for the moment as <c>mik db</c> does), else into the audit spool, which the next
/// <c>mik serve</c> replays. The record keeps its id either way, so a replay never writes it twice.
/// </summary>
internal static class OfflineAuditRecorder
{
    public const string EventStore = "the event store";
    public const string Spool = "the audit spool (the next mik serve replays it)";

    /// <summary>Where the event went. <exception cref="CliException">Neither the store nor the spool took it.</exception></summary>
    public static async Task<string> RecordAsync(MikConfig config, IAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var record = AuditRecord.New(auditEvent);
        if (await TryStoreAsync(config, record, cancellationToken)) return EventStore;
        using var spool = new AuditSpool(Path.Combine(config.State.Dir, "audit-spool"), config.State.AuditSpoolMaxMb * 1024L * 1024);
        if (spool.Append([record]) == 0)
            throw new CliException("the event store is unreachable and the audit spool is full, so this cannot be recorded: nothing was changed");
        return Spool;
    }

    private static async Task<bool> TryStoreAsync(MikConfig config, AuditRecord record, CancellationToken cancellationToken)
    {
        EmbeddedPostgres? embedded = null;
        try
        {
            string connectionString;
            var database = DatabaseChoice.For(config, NullLoggerFactory.Instance);
            if (database.Embedded is null)
            {
                connectionString = DatabaseUrl.ToConnectionString(database.Url!);
            }
            else
            {
                embedded = database.Embedded;
                // No cluster yet means no trail yet either: creating one is serve's job, the spool waits for it.
                if (!Directory.Exists(embedded.DataDirectory)) return false;
                connectionString = await embedded.StartAsync(cancellationToken);
            }
            using var store = new DocumentStore(MikStoreOptions.Create(connectionString, config.Database.Schema));
            await new AuditStore(store).AppendAsync([record], skipExisting: false, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Unreachable, not migrated yet, a cluster that will not start: whatever it is, the spool keeps the event.
            return false;
        }
        finally
        {
            if (embedded is { WasAlreadyRunning: false }) await embedded.StopAsync(CancellationToken.None);
        }
    }
}
