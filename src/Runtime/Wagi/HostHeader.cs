namespace Mik.Durable.Runtime.Wagi;

/// <summary>Splits a <c>Host</c> header value into host and port; either part may be missing.</summary>
internal readonly record struct HostHeader(string? Name, string? Port)
{
    public static HostHeader Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return default;
        value = value.Trim();
        if (value.StartsWith('['))
        {
            // IPv6 literal: the port can only follow the closing bracket.
            var close = value.IndexOf(']');
            if (close < 0) return new HostHeader(value, null);
            var rest = value[(close + 1)..];
            return new HostHeader(value[..(close + 1)], rest.StartsWith(':') && rest.Length > 1 ? rest[1..] : null);
        }
        var colon = value.LastIndexOf(':');
        if (colon < 0) return new HostHeader(value, null);
        var name = value[..colon];
        var port = value[(colon + 1)..];
        return new HostHeader(name.Length == 0 ? null : name, port.Length == 0 ? null : port);
    }
}
