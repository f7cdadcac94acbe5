namespace Mik.Durable.Api.Cli.Local;

/// <summary>The request <c>mik call</c> was asked to make, as given on its command line.</summary>
internal sealed record CallRequest(
    string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>Parses one <c>-H 'Name: value'</c>; null when it is not a header line.</summary>
    public static KeyValuePair<string, string>? ParseHeader(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return null;
        var name = line[..colon].Trim();
        if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c))) return null;
        return new(name, line[(colon + 1)..].Trim());
    }

    /// <summary>The target under the module's route: <c>""</c> → <c>/run/m</c>, <c>a?x=1</c> → <c>/run/m/a?x=1</c>.</summary>
    public string RawTarget(string module) =>
        "/run/" + module + (Path.Length == 0 || Path[0] is '/' or '?' ? Path : "/" + Path);
}
