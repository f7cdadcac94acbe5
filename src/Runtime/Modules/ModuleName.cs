using System.Text.RegularExpressions;

namespace Mik.Durable.Runtime.Modules;

/// <summary>
/// A module name (docs/runtime.md): lower-case letters, digits, <c>_</c> and <c>-</c>, starting with a letter or
/// digit, at most 63 characters. Nothing else maps to a file, so <c>../etc/passwd</c> can never name one.
/// </summary>
internal static partial class ModuleName
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
