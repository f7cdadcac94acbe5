using System.Globalization;

namespace Mik.Durable.Runtime.Configuration;

/// <summary>
/// One entry of <c>[modules.&lt;name&gt;] allowed_outbound_hosts</c>, in Spin's form <c>scheme://host[:port]</c>:
/// scheme <c>http</c>, <c>https</c> or <c>*</c>; host a name, an IP address, <c>*</c> (any) or <c>*.example.com</c>
/// (any subdomain, not example.com itself); port a number, <c>*</c> (any), or left out for the scheme's default
/// (docs/components.md).
/// </summary>
internal sealed record OutboundHostPattern(string Scheme, string Host, int? Port)
{
    /// <summary>The pattern in <paramref name="text"/>, or null and why not.</summary>
    public static OutboundHostPattern? Parse(string text, out string? problem)
    {
        problem = null;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
            return Refuse(out problem, "must be scheme://host[:port], like \"https://api.example.com\"");
        var scheme = text[..separator].ToLowerInvariant();
        if (scheme is not ("http" or "https" or "*"))
            return Refuse(out problem, "the scheme must be http, https or * (mik makes only HTTP calls)");
        var authority = text[(separator + 3)..];
        if (authority.EndsWith('/')) authority = authority[..^1];
        if (authority.IndexOfAny(['/', '?', '#', '@']) >= 0)
            return Refuse(out problem, "must be scheme://host[:port], without a path, query or user");

        var (host, port) = Split(authority);
        if (host.Length == 0) return Refuse(out problem, "names no host");
        if (!ValidHost(host)) return Refuse(out problem, "the host must be a name, an IP address, * or *.domain");
        if (port is null) return scheme == "*"
            ? Refuse(out problem, "a * scheme needs a port (a number or *)")
            : new OutboundHostPattern(scheme, host.ToLowerInvariant(), DefaultPort(scheme));
        if (port == "*") return new OutboundHostPattern(scheme, host.ToLowerInvariant(), null);
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            return Refuse(out problem, "the port must be from 1 to 65535, or *");
        return new OutboundHostPattern(scheme, host.ToLowerInvariant(), number);
    }

    /// <summary>Whether a call to <paramref name="scheme"/>://<paramref name="host"/>:<paramref name="port"/> may go out.</summary>
    public bool Allows(string scheme, string host, int port)
    {
        if (Scheme != "*" && !string.Equals(Scheme, scheme, StringComparison.OrdinalIgnoreCase)) return false;
        if (Port is { } only && only != port) return false;
        if (Host == "*") return true;
        return Host.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(Host[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(Host, host, StringComparison.OrdinalIgnoreCase);
    }

    public static int DefaultPort(string scheme) => scheme.Equals("https", StringComparison.OrdinalIgnoreCase) ? 443 : 80;

    /// <summary>Host and port of <c>host[:port]</c> or <c>[v6]:port</c>; the port null when not given.</summary>
    public static (string Host, string? Port) Split(string authority)
    {
        if (authority.StartsWith('['))
        {
            var end = authority.IndexOf(']');
            if (end < 0) return ("", null);
            var rest = authority[(end + 1)..];
            return (authority[..(end + 1)], rest.StartsWith(':') ? rest[1..] : rest.Length == 0 ? null : "");
        }
        var colon = authority.LastIndexOf(':');
        return colon < 0 ? (authority, null) : (authority[..colon], authority[(colon + 1)..]);
    }

    private static bool ValidHost(string host)
    {
        if (host == "*") return true;
        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        return !name.Contains('*') && Uri.CheckHostName(name.Trim('[', ']')) != UriHostNameType.Unknown;
    }

    private static OutboundHostPattern? Refuse(out string? problem, string why)
    {
        problem = why;
        return null;
    }
}
