using Mik.Durable.Api.EventStore.Migrations;
using Mik.Durable.Api.Logging;
using Mik.Durable.Runtime.Configuration;
using Npgsql;

namespace Mik.Durable.Api.EventStore;

/// <summary>
/// Keeps <see cref="EventStoreStatus"/> current off the request path: applies the pending migrations once the
/// database answers, then checks it every few seconds and logs each change of state.
/// </summary>
internal sealed partial class EventStoreMonitor(
    EventStoreConnection connection, MikConfig config, EventStoreStatus status, TimeProvider time, ILoggerFactory loggers)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly ILogger _log = loggers.CreateLogger(LogTargets.EventStore);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The host runs ExecuteAsync inline up to its first await while it starts the other services; the first
        // connection attempt (name lookup, TLS, migrations) must not be part of start-up.
        await Task.Yield();
        var connectionString = connection.ConnectionString;
        var target = DatabaseUrl.Describe(connectionString);
        var schemaReady = false;
        string? lastMigrationError = null;
        // One WARN per outage, also when PostgreSQL is already away at start-up (then the state never changes).
        var downReported = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!schemaReady)
                {
                    var applied = await new MigrationRunner(connectionString, config.Database.Schema).ApplyAsync(stoppingToken);
                    if (applied.Count > 0) Migrated(_log, target, config.Database.Schema, applied);
                    schemaReady = true;
                    status.MarkSchemaReady();
                }
                await using (var db = new NpgsqlConnection(connectionString))
                {
                    await db.OpenAsync(stoppingToken);
                    await using var ping = new NpgsqlCommand("SELECT 1", db);
                    await ping.ExecuteScalarAsync(stoppingToken);
                }
                if (status.Set(true)) Up(_log, target);
                downReported = false;
            }
            catch (MigrationException e) when (!stoppingToken.IsCancellationRequested)
            {
                // Retried like an outage (another mik may hold the lock, a fixed binary may be deployed), but
                // logged once per distinct reason: it is an operator's problem, not a transient one.
                status.Set(false);
                if (e.Message != lastMigrationError) MigrationFailed(_log, target, config.Database.Schema, e.Message);
                lastMigrationError = e.Message;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (status.Set(false) || !downReported) Down(_log, target, e.Message);
                downReported = true;
            }
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "event_store_up")]
    private static partial void Up(ILogger logger, string database);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "event_store_degraded")]
    private static partial void Down(ILogger logger, string database, string error);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "event_store_migrated")]
    private static partial void Migrated(ILogger logger, string database, string schema, IReadOnlyList<string> migrations);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "event_store_migration_failed")]
    private static partial void MigrationFailed(ILogger logger, string database, string schema, string error);
}
