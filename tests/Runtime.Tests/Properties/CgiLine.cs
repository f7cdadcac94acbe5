namespace Mik.Durable.Runtime.Tests.Properties;

/// <summary>One header line: <c>Name{before}:{after}Value</c> and its ending.</summary>
internal sealed record CgiLine(string Name, string Value, string Before, string After, bool CrLf)
{
    public bool IsSpecial => Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
        || Name.Equals("Location", StringComparison.OrdinalIgnoreCase) || Name.Equals("Status", StringComparison.OrdinalIgnoreCase);

    public string Render() => $"{Name}{Before}:{After}{Value}{(CrLf ? "\r\n" : "\n")}";
}
