using System.Data.Common;
using Mik.Durable.Diagnostics.Collecting;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// The names <c>--redact-hosts</c> knows before it reads the files: this machine's name, and every host the
/// configuration names (listener addresses, the hosts of its URLs and of a connection string).
/// </summary>
public static class RedactedHosts
{
    public static IReadOnlyList<string> From(CollectContext context, string machineName)
    {
        var names = new List<string> { machineName };
        foreach (var (key, value, _) in ConfigStrings.Of(context.Config.Config))
        {
            if (key.EndsWith(".host", StringComparison.Ordinal)) names.Add(value);
            else if (value.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Host.Length > 0) names.Add(uri.Host);
            else if (ConnectionStringHost(value) is { } host) names.AddRange(host.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(h => h.Split(':')[0]));
        }
        return [.. names.Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static string? ConnectionStringHost(string value)
    {
        if (!value.Contains('=', StringComparison.Ordinal)) return null;
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = value };
            foreach (var key in new[] { "host", "server" })
                if (builder.TryGetValue(key, out var host) && host is string { Length: > 0 } text) return text;
        }
        catch (ArgumentException)
        {
        }
        return null;
    }
}
