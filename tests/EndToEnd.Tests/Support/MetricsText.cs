using System.Globalization;

namespace Mik.Durable.EndToEnd.Tests.Support;

internal static class MetricsText
{
    /// <summary>
    /// The value of one series in Prometheus text, <paramref name="series"/> written as it appears there
    /// (<c>mik_auth_failures_total{reason="invalid_key"}</c>); 0 when it is not there yet.
    /// </summary>
    public static double Value(string text, string series)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line[(series.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
