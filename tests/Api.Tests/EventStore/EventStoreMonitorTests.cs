using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Mik.Durable.Api.EventStore;
using Mik.Durable.Api.Tests.Support;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Tests.EventStore;

public sealed class EventStoreMonitorTests
{
    [Fact]
    public async Task PostgreSQL_away_from_the_start_is_one_warning_not_one_every_check()
    {
        var loggers = new RecordingLoggerFactory();
        var time = new FakeTimeProvider();
        var status = new EventStoreStatus();
        var closed = $"Host=127.0.0.1;Port={FreePort.Next()};Username=x;Password=y;Timeout=1";
        using var monitor = new EventStoreMonitor(new EventStoreConnection(closed, IsEmbedded: false), new MikConfig(), status, time, loggers);

        await monitor.StartAsync(TestContext.Current.CancellationToken);
        for (var check = 0; check < 4; check++)
        {
            await WaitForAsync(() => loggers.Count(LogLevel.Warning, "event_store_degraded") >= 1);
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(300, TestContext.Current.CancellationToken);
        }
        await monitor.StopAsync(TestContext.Current.CancellationToken);

        Assert.False(status.IsUp);
        Assert.Equal(1, loggers.Count(LogLevel.Warning, "event_store_degraded"));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 50)
        {
            Assert.True(waited < 20_000, "timed out");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
