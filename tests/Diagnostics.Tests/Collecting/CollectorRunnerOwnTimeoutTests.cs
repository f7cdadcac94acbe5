using System.Net;
using System.Net.Sockets;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Tests.Collecting;

public sealed class CollectorRunnerOwnTimeoutTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_collector_whose_http_client_gives_up_on_a_server_that_never_answers_is_a_timeout_not_a_failure()
    {
        // Accepts the connection and never answers, as a frozen mik's listener does.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/health");
        var collectors = new ICollector[] { new HttpCollector(url), new ThrowingCollector() };

        var evidence = await CollectorRunner.RunAsync(collectors, Context(), cancellationToken: Ct);

        var http = evidence.Collector("http")!;
        Assert.Equal(CollectorStatus.TimedOut, http.Status);
        Assert.Contains("HttpClient.Timeout", http.Reason);
        Assert.Equal(CollectorStatus.Failed, evidence.Collector("throws")!.Status);
    }

    private static CollectContext Context() => new()
    {
        Config = new LoadedConfig(new MikConfig(), null, []),
        RuntimeUrl = new Uri("http://127.0.0.1:1/"),
        AdminUrl = new Uri("http://127.0.0.1:2/"),
        Since = DateTimeOffset.UnixEpoch,
        Until = DateTimeOffset.UnixEpoch,
    };

    private sealed class HttpCollector(Uri url) : ICollector
    {
        public string Name => "http";
        public TimeSpan Timeout => TimeSpan.FromSeconds(60);

        public async Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken)
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
            output.AddText("http.txt", await client.GetStringAsync(url, cancellationToken));
        }
    }

    private sealed class ThrowingCollector : ICollector
    {
        public string Name => "throws";
        public TimeSpan Timeout => TimeSpan.FromSeconds(60);
        public Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("broken");
    }
}
