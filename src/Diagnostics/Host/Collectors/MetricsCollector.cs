using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics.Host.Collectors;

/// <summary>
/// <c>metrics/start.prom</c> and <c>metrics/end.prom</c>: <c>GET &lt;runtime&gt;/metrics</c> twice,
/// <see cref="CollectContext.MetricsInterval"/> apart, so counters (auth failures, cache misses) can be read as a rate.
/// </summary>
internal sealed class MetricsCollector(string procRoot = "/proc") : ICollector
{
    public string Name => HostFiles.Metrics;

    // Two scrapes and the interval between them (2 s by default).
    public TimeSpan Timeout => TimeSpan.FromSeconds(15);

    public async Task CollectAsync(CollectContext context, CollectorOutput output, CancellationToken cancellationToken)
    {
        LiveServer.Require(context, procRoot);
        using var client = LiveServer.Client(TimeSpan.FromSeconds(5));
        var url = new Uri(context.RuntimeUrl, "metrics");
        output.AddText(HostFiles.MetricsStart, await client.GetStringAsync(url, cancellationToken));
        await Task.Delay(context.MetricsInterval, context.Time, cancellationToken);
        output.AddText(HostFiles.MetricsEnd, await client.GetStringAsync(url, cancellationToken));
    }
}
