using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Logging;
using Mik.Durable.Api.ModuleChanges;
using Npgsql;

namespace Mik.Durable.Api.Cluster.Convergence;

/// <summary>
/// Keeps a connection of its own (not from the pool) listening on <see cref="ModuleBytesStore.Channel"/>, waking a
/// pass on every notification. A lost connection is opened again with back-off and followed by a pass: what was
/// notified while it was down is gone.
/// </summary>
internal sealed class DeploymentListener(EventStoreConnection connection, ModuleBytesStore bytesStore, TimeProvider time, ILoggerFactory loggers)
{
    private static readonly TimeSpan FirstBackOff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(30);
    private readonly ILogger _log = loggers.CreateLogger(LogTargets.EventStore);

    public async Task RunAsync(PassSignal signal, CancellationToken cancellationToken)
    {
        var channel = bytesStore.Channel;
        var backOff = FirstBackOff;
        var lost = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var db = new NpgsqlConnection(ListenConnectionString());
                await db.OpenAsync(cancellationToken);
                db.Notification += (_, _) => signal.Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN \"{channel}\"", db))
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                if (lost) ConvergenceLog.ListenResumed(_log, channel);
                lost = false;
                backOff = FirstBackOff;
                signal.Wake();
                while (true) await db.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (!lost) ConvergenceLog.ListenLost(_log, channel, e.GetBaseException().Message);
                lost = true;
            }
            try
            {
                await Task.Delay(backOff, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backOff = TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, MaxBackOff.Ticks));
        }
    }

    // Keepalives make a connection that died silently (a restarted server, a dropped NAT entry) fail its wait, so
    // it is noticed and replaced rather than listening to nothing.
    private string ListenConnectionString() =>
        new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
}
