using System.Globalization;
using System.Text.RegularExpressions;

namespace Mik.Durable.Api.Cli.DiagCommands;

/// <summary>
/// <c>--since</c>/<c>--until</c> of <c>mik diag bundle</c>: a duration back from now (<c>90s</c>, <c>30m</c>, <c>1h</c>,
/// <c>2d</c>) or an ISO 8601 time (UTC unless it says otherwise). Default: the last hour, until now.
/// </summary>
internal static partial class DiagWindow
{
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromHours(1);

    /// <exception cref="CliException">Not a duration or a time, or until before since (exit 2).</exception>
    public static (DateTimeOffset Since, DateTimeOffset Until) Parse(string? since, string? until, DateTimeOffset now)
    {
        var end = until is null ? now : Point("--until", until, now);
        var start = since is null ? end - DefaultSpan : Point("--since", since, now);
        if (end < start) throw new CliException($"--until ({end:O}) is before --since ({start:O})", ExitCodes.Usage);
        return (start, end);
    }

    private static DateTimeOffset Point(string option, string value, DateTimeOffset now)
    {
        if (Duration().Match(value.Trim()) is { Success: true } match)
        {
            var amount = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var span = match.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            if (span > TimeSpan.FromDays(3650)) throw new CliException($"{option} {value}: more than ten years back", ExitCodes.Usage);
            return now - span;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at;
        throw new CliException($"{option} {value}: not a duration (90s, 30m, 1h, 2d) or an ISO 8601 time", ExitCodes.Usage);
    }

    [GeneratedRegex(@"^([0-9]{1,9})(s|m|h|d)$")]
    private static partial Regex Duration();
}
