using System.Text;

namespace Mik.Durable.Runtime.Tests.Properties;

/// <summary>
/// A generated well-formed CGI response: its header lines (name, value, spacing around the colon, line ending) in
/// the order the guest writes them, and its body. Knows the status, headers and body the parser must give back.
/// </summary>
internal sealed record CgiCase(IReadOnlyList<CgiLine> Lines, bool CrLfBlankLine, byte[] Body)
{
    public byte[] Stdout
    {
        get
        {
            var text = new StringBuilder();
            foreach (var line in Lines) text.Append(line.Render());
            text.Append(CrLfBlankLine ? "\r\n" : "\n");
            return [.. Encoding.ASCII.GetBytes(text.ToString()), .. Body];
        }
    }

    public int ExpectedStatus
    {
        get
        {
            var status = Last("Status");
            if (status is not null) return int.Parse(status.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            return Last("Location") is null ? 200 : 302;
        }
    }

    /// <summary>Content-Type, then Location (each once, the last value), then the others in the guest's order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExpectedHeaders
    {
        get
        {
            var headers = new List<KeyValuePair<string, string>>();
            if (Last("Content-Type") is { } type) headers.Add(new("Content-Type", type));
            if (Last("Location") is { } location) headers.Add(new("Location", location));
            headers.AddRange(Lines.Where(l => !l.IsSpecial).Select(l => new KeyValuePair<string, string>(l.Name, l.Value)));
            return headers;
        }
    }

    private string? Last(string name) => Lines.LastOrDefault(l => l.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    public override string ToString() =>
        $"stdout={Convert.ToHexString(Stdout)} (\"{Encoding.ASCII.GetString(Stdout).ReplaceLineEndings("⏎")}\")";
}
