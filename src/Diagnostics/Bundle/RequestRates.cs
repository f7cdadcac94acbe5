namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// <c>mik_requests_total</c> summed over modules: all requests and those answered 5xx, as of the end sample
/// (since mik started), and between the start and end samples (during the bundle's run).
/// </summary>
public sealed record RequestRates(double Total, double Errors, double IntervalTotal, double IntervalErrors)
{
    public double? ErrorRate => Total > 0 ? Errors / Total : null;

    public double? IntervalErrorRate => IntervalTotal > 0 ? IntervalErrors / IntervalTotal : null;

    public static RequestRates? From(PrometheusText? start, PrometheusText end)
    {
        var (total, errors) = Sum(end);
        if (total is null) return null;
        var (startTotal, startErrors) = start is null ? (total, errors) : Sum(start);
        return new RequestRates(total.Value, errors, total.Value - (startTotal ?? 0), errors - startErrors);
    }

    private static (double? Total, double Errors) Sum(PrometheusText metrics)
    {
        var samples = metrics.Of("mik_requests_total").ToList();
        if (samples.Count == 0) return (null, 0);
        return (samples.Sum(s => s.Value),
            samples.Where(s => s.Labels.TryGetValue("status", out var status) && status.StartsWith('5')).Sum(s => s.Value));
    }
}
