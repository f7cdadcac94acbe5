using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// <c>--redact-hosts</c>: replaces host names and IP addresses with stable placeholders (<c>host-1</c>, <c>ip-1</c>):
/// the same value gets the same placeholder in every file. Loopback and unspecified addresses (127.0.0.1, 0.0.0.0,
/// ::1, ::, localhost) are kept: they name no machine, and the bind-address check needs them.
/// </summary>
public sealed partial class HostRedactor
{
    private readonly Dictionary<string, string> _placeholders = new(StringComparer.OrdinalIgnoreCase);
    private Regex? _pattern;

    /// <param name="names">Host names and addresses known up front (the machine's name, the config's hosts), in order.</param>
    /// <param name="files">The bundle's files, searched for further IP addresses (in path order, so numbering is stable).</param>
    public HostRedactor(IEnumerable<string> names, IEnumerable<KeyValuePair<string, byte[]>> files)
    {
        foreach (var name in names) Learn(name);
        foreach (var (_, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var text = Encoding.Latin1.GetString(content);
            foreach (Match match in Ipv4().Matches(text)) Learn(match.Value);
            foreach (Match match in Ipv6Candidate().Matches(text))
                if (match.Value.Contains("::", StringComparison.Ordinal) || match.Value.Count(c => c == ':') == 7) Learn(match.Value);
        }
        if (_placeholders.Count > 0)
        {
            // A '-' may follow: mik's instance ids are "<host>-<suffix>", and the host in them must go too.
            var alternatives = _placeholders.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape);
            _pattern = new Regex($"(?<![A-Za-z0-9_.-])(?:{string.Join('|', alternatives)})(?![A-Za-z0-9_]|\\.[A-Za-z0-9])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
    }

    /// <summary>Placeholder → the real value: written next to the archive, never into it.</summary>
    public IReadOnlyDictionary<string, string> Mapping =>
        _placeholders.GroupBy(p => p.Value).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);

    public byte[] Apply(byte[] content)
    {
        if (_pattern is null) return content;
        var text = Encoding.Latin1.GetString(content);
        var replaced = _pattern.Replace(text, m => _placeholders[m.Value]);
        return ReferenceEquals(text, replaced) || text == replaced ? content : Encoding.Latin1.GetBytes(replaced);
    }

    public string Apply(string text) => _pattern is null ? text : _pattern.Replace(text, m => _placeholders[m.Value]);

    /// <summary>The placeholder of a known value, or the value itself when it is kept (loopback) or unknown.</summary>
    public string PlaceholderOf(string value) => _placeholders.TryGetValue(value, out var placeholder) ? placeholder : value;

    private void Learn(string value)
    {
        value = value.Trim().Trim('[', ']');
        if (value.Length == 0 || _placeholders.ContainsKey(value)) return;
        if (IPAddress.TryParse(value, out var address))
        {
            if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return;
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && !value.Contains(':', StringComparison.Ordinal)) return;
            _placeholders[value] = "ip-" + (_placeholders.Values.Count(p => p.StartsWith("ip-", StringComparison.Ordinal)) + 1);
            return;
        }
        if (value.Equals("localhost", StringComparison.OrdinalIgnoreCase) || !HostName().IsMatch(value)) return;
        var placeholder = "host-" + (_placeholders.Values.Count(p => p.StartsWith("host-", StringComparison.Ordinal)) + 1);
        _placeholders[value] = placeholder;
        // mik also writes the machine's name lower-cased with other characters made '-' (its instance ids).
        var sanitised = new string([.. value.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-')]);
        _placeholders.TryAdd(sanitised, placeholder);
    }

    [GeneratedRegex(@"(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?![0-9]|\.[0-9])")]
    private static partial Regex Ipv4();

    [GeneratedRegex(@"(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])")]
    private static partial Regex Ipv6Candidate();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$")]
    private static partial Regex HostName();
}
