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

    public CgiResponse Build(ReadOnlyMemory<byte> body)
    {
        var status = _location is null ? 200 : 302;
        var chosenByHost = false;
        if (_status is not null)
        {
            if (CgiResponseParser.TryParseStatus(_status, out var parsed))
            {
                status = parsed;
            }
            else
            {
                // WAGI answers 502 when the handler's status line is unusable.
                status = 502;
                chosenByHost = true;
                _warnings.Add($"invalid Status '{_status}': answering 502");
            }
        }

        var headers = new List<KeyValuePair<string, string>>(_others.Count + 2);
        if (_contentType is not null) headers.Add(new("Content-Type", _contentType));
        if (_location is not null) headers.Add(new("Location", _location));
        headers.AddRange(_others);
        return new CgiResponse(status, chosenByHost, headers, body, _warnings);
    }

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
