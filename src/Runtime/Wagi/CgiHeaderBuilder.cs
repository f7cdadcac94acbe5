using System.Diagnostics.CodeAnalysis;

namespace Mik.Durable.Runtime.Wagi;

/// <summary>Collects CGI header lines one by one and turns them into a <see cref="CgiResponse"/>.</summary>
internal sealed class CgiHeaderBuilder
{
    private readonly List<KeyValuePair<string, string>> _others = [];
    private readonly List<string> _warnings = [];
    private string? _contentType;
    private string? _location;
    private string? _status;

    public bool IsSufficient => _contentType is not null || _location is not null || _status is not null;

    public void Add(string line)
    {
        var colon = line.IndexOf(':');
        if (colon < 0)
        {
            if (line.Trim().Length > 0) _warnings.Add($"corrupt header line skipped: '{line.Trim()}'");
            return;
        }
        var name = line[..colon].Trim();
        var value = line[(colon + 1)..].Trim();
        if (!IsToken(name))
        {
            _warnings.Add($"invalid header name skipped: '{name}'");
            return;
        }
        if (!IsValidValue(value))
        {
            _warnings.Add($"header '{name}' skipped: its value has control or non-ASCII characters");
            return;
        }

        if (name.Equals("Status", StringComparison.OrdinalIgnoreCase)) _status = value;
        else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) _contentType = value;
        else if (name.Equals("Location", StringComparison.OrdinalIgnoreCase)) _location = value;
        else if (CgiResponseParser.IsHostOwned(name)) _warnings.Add($"header '{name}' skipped: the host sets it");
        else _others.Add(new(name, value));
    }

    /// <returns>False, with <paramref name="error"/>, when the guest's <c>Status:</c> is not an HTTP status.</returns>
    public bool TryBuild(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out CgiResponse? response, out string error)
    {
        response = null;
        var status = _location is null ? 200 : 302;
        if (_status is not null)
        {
            // Only 200-599 are final HTTP statuses (RFC 9110 section 15): anything else would reach the client as is, and
            // a 1xx as the only answer left it waiting for the final one (100) or believing the protocol switched (101).
            if (!CgiResponseParser.TryParseStatus(_status, out status))
            {
                error = $"the handler's Status '{Shorten(_status)}' is not a final HTTP status from 200 to 599";
                return false;
            }
        }

        var headers = new List<KeyValuePair<string, string>>(_others.Count + 2);
        if (_contentType is not null) headers.Add(new("Content-Type", _contentType));
        if (_location is not null) headers.Add(new("Location", _location));
        headers.AddRange(_others);
        response = new CgiResponse(status, headers, body, _warnings);
        error = "";
        return true;
    }

    private static string Shorten(string value) => value.Length <= 32 ? value : value[..32] + "…";

    // RFC 9110 token: the characters a header name may use.
    private static bool IsToken(string name)
    {
        if (name.Length == 0) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c))) return false;
        }
        return true;
    }

    private static bool IsValidValue(string value)
    {
        foreach (var c in value)
        {
            if (c != '\t' && (c < 0x20 || c > 0x7E)) return false;
        }
        return true;
    }
}
