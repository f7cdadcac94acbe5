using System.Globalization;
using System.Text.RegularExpressions;

namespace Mik.Durable.Api.Admin;

/// <summary>A point in time given as RFC 3339 (<c>2026-11-28T03:00:00Z</c>) or as an age (<c>90s</c>, <c>15m</c>, <c>1h</c>, <c>7d</c>).</summary>
internal static partial class TimeArgument
{
    public const string Expected = "must be an RFC 3339 time such as 2026-11-28T03:00:00Z or an age such as 15m, 1h, 7d";

    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(3650);

    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (Age().Match(text) is { Success: true } age)
        {
            if (!long.TryParse(age.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
            var unit = age.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                _ => TimeSpan.FromDays(1),
            };
            // Compared before multiplying: 99999999d times a day overflows TimeSpan (an exception, not a 400).
            if (n > MaxAge.Ticks / unit.Ticks) return false;
            var span = unit * n;
            value = now - span;
            return true;
        }
        // RFC 3339 demands a date, a time and an offset.
        return Rfc3339().IsMatch(text) &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out value);
    }

    [GeneratedRegex(@"^(\d{1,10})([smhd])$")]
    private static partial Regex Age();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
