namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>
/// A /metrics scrape (Prometheus text format) as families: each family's type, and every label with the values
/// its samples carry. A histogram's <c>_bucket</c>, <c>_sum</c> and <c>_count</c> samples belong to its family.
/// </summary>
internal sealed class ScrapedSeries
{
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _labels = new(StringComparer.Ordinal);

    public ScrapedSeries(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                _types[parts[2]] = parts[3];
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                AddSample(line);
            }
        }
    }

    /// <summary>The family a series name in a query refers to: itself, or the histogram/summary its suffix belongs to.</summary>
    public string? FamilyOf(string name)
    {
        if (_types.ContainsKey(name)) return name;
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && _types.TryGetValue(name[..^suffix.Length], out var type)
                && (type == "histogram" || type == "summary") && (suffix != "_bucket" || type == "histogram"))
                return name[..^suffix.Length];
        }
        return null;
    }

    /// <summary>The values label <paramref name="label"/> has on the samples of <paramref name="family"/> (empty if none).</summary>
    public IReadOnlySet<string> Values(string family, string label) =>
        _labels.TryGetValue(family, out var labels) && labels.TryGetValue(label, out var values) ? values : new HashSet<string>();

    public IEnumerable<string> Labels(string family) => _labels.TryGetValue(family, out var labels) ? labels.Keys : [];

    private void AddSample(string line)
    {
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var name = brace >= 0 && brace < space ? line[..brace] : line[..space];
        var family = FamilyOf(name) ?? name;
        if (!_labels.TryGetValue(family, out var labels)) _labels[family] = labels = new(StringComparer.Ordinal);
        if (brace < 0 || brace > space) return;
        var body = line[(brace + 1)..line.LastIndexOf('}')];
        var i = 0;
        while (i < body.Length)
        {
            var eq = body.IndexOf('=', i);
            var label = body[i..eq].Trim(' ', ',');
            var value = new System.Text.StringBuilder();
            var j = eq + 2;
            for (; body[j] != '"'; j++)
            {
                if (body[j] == '\\') j++;
                value.Append(body[j]);
            }
            if (!labels.TryGetValue(label, out var values)) labels[label] = values = new(StringComparer.Ordinal);
            values.Add(value.ToString());
            i = j + 1;
        }
    }
}
