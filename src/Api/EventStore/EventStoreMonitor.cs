using Marten;
using Mik.Durable.Api.Logging;
using Npgsql;

namespace Mik.Durable.Api.EventStore;

/// <summary>
/// Keeps <see cref="EventStoreStatus"/> current off the request path: brings the Marten schema up to date
/// once the database answers, then checks it every few seconds and logs each change of state.
/// </summary>
internal sealed partial class EventStoreMonitor(
    EventStoreConnection connection, EventStoreStatus status, IServiceProvider services, TimeProvider time, ILoggerFactory loggers)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly ILogger _log = loggers.CreateLogger(LogTargets.EventStore);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = connection.ConnectionString;
        var target = DatabaseUrl.Describe(connectionString);
        var schemaReady = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!schemaReady)
                {
                    await services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                    schemaReady = true;
                }
                await using (var db = new NpgsqlConnection(connectionString))
                {
                    await db.OpenAsync(stoppingToken);
                    await using var ping = new NpgsqlCommand("SELECT 1", db);
                    await ping.ExecuteScalarAsync(stoppingToken);
                }
                if (status.Set(true)) Up(_log, target);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (status.Set(false) || !schemaReady) Down(_log, target, e.Message);
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
}
