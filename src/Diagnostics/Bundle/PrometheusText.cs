using System.Globalization;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>The samples of a Prometheus text exposition, by series (<c>name{labels}</c> as written) → value.</summary>
public sealed class PrometheusText
{
    private PrometheusText(Dictionary<string, (string Name, IReadOnlyDictionary<string, string> Labels, double Value)> samples) => Samples = samples;

    public IReadOnlyDictionary<string, (string Name, IReadOnlyDictionary<string, string> Labels, double Value)> Samples { get; }

    public static PrometheusText Parse(string? text)
    {
        var samples = new Dictionary<string, (string, IReadOnlyDictionary<string, string>, double)>(StringComparer.Ordinal);
        foreach (var raw in (text ?? "").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var close = line.LastIndexOf('}');
            var open = line.IndexOf('{', StringComparison.Ordinal);
            var seriesEnd = open >= 0 && close > open ? close + 1 : line.IndexOf(' ', StringComparison.Ordinal);
            if (seriesEnd <= 0 || seriesEnd >= line.Length) continue;
            var series = line[..seriesEnd];
            var value = line[seriesEnd..].Trim().Split(' ')[0];
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) continue;
            var name = open >= 0 && close > open ? line[..open] : series;
            samples[series] = (name, open >= 0 && close > open ? Labels(line[(open + 1)..close]) : new Dictionary<string, string>(), number);
        }
        return new PrometheusText(samples);
    }

    /// <summary>Every sample of metric <paramref name="name"/>.</summary>
    public IEnumerable<(IReadOnlyDictionary<string, string> Labels, double Value)> Of(string name) =>
        Samples.Values.Where(s => s.Name == name).Select(s => (s.Labels, s.Value));

    private static Dictionary<string, string> Labels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var eq = text.IndexOf('=', i);
            if (eq < 0 || eq + 1 >= text.Length || text[eq + 1] != '"') break;
            var key = text[i..eq].Trim(' ', ',');
            var value = new System.Text.StringBuilder();
            var j = eq + 2;
            for (; j < text.Length && text[j] != '"'; j++)
            {
                if (text[j] == '\\' && j + 1 < text.Length) j++;
                value.Append(text[j]);
            }
            labels[key] = value.ToString();
            i = j + 1;
        }
        return labels;
    }
}
