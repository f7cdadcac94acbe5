using System.Globalization;

namespace Mik.Durable.ClusterBench;

internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var index = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    public static string Ms(double ms) => ms.ToString("F2", CultureInfo.InvariantCulture);

    public static string Summary(IReadOnlyList<double> ms) =>
        $"median={Ms(Percentile(ms, 50))}ms p99={Ms(Percentile(ms, 99))}ms max={Ms(ms.Max())}ms n={ms.Count}";
}
