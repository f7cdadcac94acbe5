using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Mik.Durable.Domain.Deployments;

/// <summary>
/// A module name (docs/runtime.md): lower-case letters, digits, <c>_</c> and <c>-</c>, starting with a letter or
/// digit, at most 63 characters. Nothing else maps to a file, so <c>../etc/passwd</c> can never name one.
/// </summary>
public static partial class ModuleName
{
    /// <summary>What a name that breaks the rule is told, wherever it is checked (admin API, configuration).</summary>
    public const string Expected = "must be a module name: 1 to 63 of a-z, 0-9, - and _, starting with a letter or digit";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>
    /// A name as it may be recorded: a refused upload's name can be anything, but not megabytes, and not
    /// control characters that would reach a terminal or a log reader as they are (<c>a\nb</c> is kept as
    /// <c>a\\nb</c>). A module name passes unchanged, and a name that is not one never becomes one (the cut at 64
    /// is one past the longest module name).
    /// </summary>
    public static string ForRecord(string name)
    {
        var cut = name.Length <= 64 ? name : name[..64];
        var escaped = new StringBuilder(cut.Length);
        foreach (var c in cut)
        {
            escaped.Append(c switch
            {
                '\\' => @"\\",
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                < ' ' or > '~' => @"\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
