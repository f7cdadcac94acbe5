using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Marten;
using Mik.Durable.Domain.Deployments;
using Npgsql;

namespace Mik.Durable.ClusterBench;

/// <summary>
/// From an append whose transaction calls pg_notify to a second connection's WaitAsync wake-up: PostgreSQL sends
/// the notification at commit, so this is what "A's 201 → B starts fetching" costs at least.
/// </summary>
internal static class NotifyBench
{
    private const string Channel = "mik_cluster_bench";

    public static async Task RunAsync(IDocumentStore store, string connectionString, int count)
    {
        var woke = new ConcurrentDictionary<int, TaskCompletionSource<long>>();
        TaskCompletionSource<long> Slot(int i) => woke.GetOrAdd(i, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

        await using var listener = new NpgsqlConnection(connectionString);
        await listener.OpenAsync();
        listener.Notification += (_, e) => Slot(int.Parse(e.Payload, CultureInfo.InvariantCulture)).TrySetResult(Stopwatch.GetTimestamp());
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", listener)) await listen.ExecuteNonQueryAsync();
        using var stop = new CancellationTokenSource();
        var loop = Task.Run(async () =>
        {
            try { while (true) await listener.WaitAsync(stop.Token); }
            catch (OperationCanceledException) { }
        });

        var fromSave = new List<double>();
        var fromCommit = new List<double>();
        for (var i = -10; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using (var session = store.LightweightSession())
            {
                session.Events.Append("module:notified", new ModuleDeployed("notified", DateTimeOffset.UtcNow,
                    i.ToString("x64", CultureInfo.InvariantCulture), 1, DeploySources.Api, "bench"));
                session.QueueSqlCommand("select pg_notify(?, ?)", Channel, i.ToString(CultureInfo.InvariantCulture));
                await session.SaveChangesAsync();
            }
            var committed = Stopwatch.GetTimestamp();
            var wake = await Slot(i).Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (i < 0) continue; // warm-up
            fromSave.Add(Stopwatch.GetElapsedTime(started, wake).TotalMilliseconds);
            // Negative when the listener woke before SaveChangesAsync returned to the writer.
            fromCommit.Add(Stopwatch.GetElapsedTime(committed, wake).TotalMilliseconds);
            await Task.Delay(10);
        }
        await stop.CancelAsync();
        await loop;
        Console.WriteLine($"notify save_start_to_wake {Stats.Summary(fromSave)}");
        Console.WriteLine($"notify save_return_to_wake {Stats.Summary(fromCommit)}");
    }
}
