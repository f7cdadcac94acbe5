using System.Globalization;
using System.Text;

namespace Mik.Durable.Diagnostics.Host.Metrics;

/// <summary>Reads the Prometheus text format mik's <c>/metrics</c> writes (comments skipped, labels unescaped).</summary>
internal sealed class PrometheusText(IReadOnlyList<MetricSample> samples)
{
    public IReadOnlyList<MetricSample> Samples { get; } = samples;

    public IEnumerable<MetricSample> Named(string name) => Samples.Where(s => s.Name == name);

    /// <summary>The sum over all label sets of <paramref name="name"/>; null when the series is not there at all.</summary>
    public double? Sum(string name) => Named(name).Select(s => (double?)s.Value).DefaultIfEmpty(null).Aggregate((a, b) => a + b);

    public MetricSample? One(string name, string label, string value) => Named(name).FirstOrDefault(s => s.Label(label) == value);

    public static PrometheusText Parse(string text)
    {
        var samples = new List<MetricSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            int rest;
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0) continue;
            string name;
            if (brace >= 0 && brace < space)
            {
                name = line[..brace];
                rest = ReadLabels(line, brace + 1, labels);
                if (rest < 0) continue;
            }
            else
            {
                name = line[..space];
                rest = space;
            }
            var value = line[rest..].Trim().Split(' ')[0];
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                number = value switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, _ => double.NaN };
            samples.Add(new MetricSample(name, labels, number, line));
        }
        return new PrometheusText(samples);
    }

    /// <summary>Reads <c>a="x",b="y\"z"}</c> from <paramref name="at"/>; the index after the closing brace, or -1.</summary>
    private static int ReadLabels(string line, int at, Dictionary<string, string> labels)
    {
        while (at < line.Length && line[at] != '}')
        {
            var equals = line.IndexOf('=', at);
            if (equals < 0 || equals + 1 >= line.Length || line[equals + 1] != '"') return -1;
            var key = line[at..equals].Trim(',', ' ');
            var value = new StringBuilder();
            var i = equals + 2;
            for (; i < line.Length && line[i] != '"'; i++)
            {
                if (line[i] == '\\' && i + 1 < line.Length)
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else value.Append(line[i]);
            }
            if (i >= line.Length) return -1;
            labels[key] = value.ToString();
            at = i + 1;
            if (at < line.Length && line[at] == ',') at++;
        }
        return at < line.Length ? at + 1 : -1;
    }
}
