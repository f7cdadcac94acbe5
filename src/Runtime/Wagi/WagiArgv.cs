namespace Mik.Durable.Runtime.Wagi;

/// <summary>
/// WAGI's default argv (docs/wagi.md): the raw request path, then each <c>&amp;</c>-separated item of the raw
/// query, undecoded, empty items kept.
/// </summary>
internal static class WagiArgv
{
    public static string[] Build(WagiRequest request)
    {
        if (request.RawQuery.Length == 0) return [request.RawPath];
        var items = request.RawQuery.Split('&');
        var argv = new string[items.Length + 1];
        argv[0] = request.RawPath;
        items.CopyTo(argv, 1);
        return argv;
    }
}
