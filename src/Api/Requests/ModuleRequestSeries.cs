using System.Globalization;
using Prometheus;

namespace Mik.Durable.Api.Requests;

/// <summary>
/// One module's children of the request series, the common statuses looked up once. A child is created on its
/// first request, as before, so a status that never happened is not exported as a zero.
/// </summary>
internal sealed class ModuleRequestSeries(string module)
{
    private Histogram.Child? _duration;
    private Counter.Child? _ok;
    private Counter.Child? _notFound;
    private Counter.Child? _failed;
    private Counter.Child? _unavailable;

    public void Completed(int status, TimeSpan elapsed)
    {
        // Racing first requests both look the child up; the registry hands both the same one.
        var requests = status switch
        {
            200 => _ok ??= Child(status),
            404 => _notFound ??= Child(status),
            500 => _failed ??= Child(status),
            503 => _unavailable ??= Child(status),
            _ => Child(status),
        };
        requests.Inc();
        (_duration ??= RequestMetrics.Duration.WithLabels(module)).Observe(elapsed.TotalSeconds);
    }

    private Counter.Child Child(int status) =>
        RequestMetrics.Requests.WithLabels(module, status.ToString(CultureInfo.InvariantCulture));
}
