using System.Text.RegularExpressions;

namespace Mik.Durable.EndToEnd.Tests.Deploy;

/// <summary>
/// What a PromQL expression asks of mik's series: every <c>mik_*</c> selector with its matchers, and the labels
/// of its <c>by</c>/<c>without</c>/<c>on</c>/<c>ignoring</c> clauses. Enough for the expressions in deploy/,
/// which a test checks against a running mik's /metrics.
/// </summary>
internal static partial class PromSelectors
{
    public static List<PromSelector> Selectors(string expr) =>
        [.. SelectorPattern().Matches(expr).Select(m => new PromSelector(m.Groups["name"].Value,
            [.. MatcherPattern().Matches(m.Groups["labels"].Value).Select(l =>
                new LabelMatcher(l.Groups["label"].Value, l.Groups["op"].Value, l.Groups["value"].Value))]))];

    /// <summary>Labels an expression groups or matches by (<c>sum by (module)</c>, <c>on (instance)</c>, <c>label_values(…, module)</c>).</summary>
    public static List<string> GroupingLabels(string expr) =>
        [.. GroupingPattern().Matches(expr)
            .SelectMany(m => m.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Concat(LabelValuesPattern().Matches(expr).Select(m => m.Groups["label"].Value))];

    [GeneratedRegex("""(?<![A-Za-z0-9_:])(?<name>mik_[A-Za-z0-9_:]+)\s*(?:\{(?<labels>[^}]*)\})?""")]
    private static partial Regex SelectorPattern();

    [GeneratedRegex(""""(?<label>[A-Za-z_][A-Za-z0-9_]*)\s*(?<op>=~|!~|!=|=)\s*"(?<value>(?:[^"\\]|\\.)*)"""")]
    private static partial Regex MatcherPattern();

    [GeneratedRegex("""\b(?:by|without|on|ignoring|group_left|group_right)\s*\((?<labels>[^)]*)\)""")]
    private static partial Regex GroupingPattern();

    [GeneratedRegex("""label_values\s*\([^,]*,\s*(?<label>[A-Za-z_][A-Za-z0-9_]*)\s*\)""")]
    private static partial Regex LabelValuesPattern();
}
