using System.Globalization;

namespace Mik.Durable.Runtime.Wagi;

/// <summary>
/// Builds the guest's environment per docs/wagi.md (Request variables). Module env goes in first
/// and the request variables overwrite same-named entries, as WAGI does with its global env.
/// </summary>
internal static class WagiEnvironment
{
    // RFC 3875 §4.1.18: credentials and hop-by-hop connection details are not passed to scripts.
    private static readonly HashSet<string> Excluded = new(StringComparer.Ordinal) { "HTTP_AUTHORIZATION", "HTTP_CONNECTION" };

    public static IReadOnlyList<KeyValuePair<string, string>> Build(
        WagiRequest request, IReadOnlyDictionary<string, string>? moduleEnv = null)
    {
        // A list searched by hand instead of an ordered dictionary (which hashed every name, about a third of the
        // environment's cost): the request's own names are distinct and never start with HTTP_, so only module
        // names and header variables are ever searched, and there are few of those.
        var env = new Env(new List<KeyValuePair<string, string>>(19 + (moduleEnv?.Count ?? 0) + request.Headers.Count));
        if (moduleEnv is not null)
        {
            foreach (var pair in moduleEnv) env.Items.Add(pair);
        }
        env.ModuleCount = env.Items.Count;

        var host = HostHeader.Parse(request.Host);
        var fallback = host.Name is null || host.Port is null ? HostHeader.Parse(request.DefaultHost) : default;
        var serverName = host.Name ?? fallback.Name ?? "localhost";
        var serverPort = host.Port ?? fallback.Port ?? "80";
        var rawPathInfo = RawPathInfo(request.RawPath, request.RoutePrefix);
        var pathInfo = Uri.UnescapeDataString(rawPathInfo);
        var pathAndQuery = request.RawQuery.Length == 0 ? request.RawPath : request.RawPath + "?" + request.RawQuery;

        env["AUTH_TYPE"] = "";
        env["CONTENT_LENGTH"] = request.Body.Length.ToString(CultureInfo.InvariantCulture);
        env["CONTENT_TYPE"] = ContentType(request.Headers);
        env["X_FULL_URL"] = $"{request.Scheme}://{serverName}:{serverPort}{pathAndQuery}";
        env["GATEWAY_INTERFACE"] = "CGI/1.1";
        env["X_MATCHED_ROUTE"] = request.EffectiveMatchedRoute;
        env["QUERY_STRING"] = request.RawQuery;
        env["REMOTE_ADDR"] = request.RemoteIp;
        env["REMOTE_HOST"] = request.RemoteIp;
        env["REMOTE_USER"] = "";
        env["REQUEST_METHOD"] = request.Method;
        env["SCRIPT_NAME"] = request.RoutePrefix;
        env["X_RAW_PATH_INFO"] = rawPathInfo;
        env["PATH_INFO"] = pathInfo;
        env["PATH_TRANSLATED"] = pathInfo;
        env["SERVER_NAME"] = serverName;
        env["SERVER_PORT"] = serverPort;
        env["SERVER_PROTOCOL"] = request.Protocol;
        env["SERVER_SOFTWARE"] = "WAGI/1";

        env.HeadersStart = env.Items.Count;
        foreach (var (name, value) in request.Headers)
        {
            var key = HeaderVariable(name);
            if (Excluded.Contains(key)) continue;
            env[key] = IsVisibleAscii(value) ? value : "CORRUPT VALUE";
        }
        return env.Items;
    }

    /// <summary>
    /// Names in first-set order, a later value replacing an earlier one in place (as WAGI's map does). Module names
    /// come first, then the request's own (distinct, none starting with HTTP_), then header variables.
    /// </summary>
    private sealed class Env(List<KeyValuePair<string, string>> items)
    {
        public List<KeyValuePair<string, string>> Items { get; } = items;
        public int ModuleCount { get; set; }
        public int HeadersStart { get; set; } = int.MaxValue;

        public string this[string name]
        {
            set
            {
                var at = IndexOf(name, 0, ModuleCount);
                if (at < 0 && Items.Count > HeadersStart) at = IndexOf(name, HeadersStart, Items.Count);
                if (at < 0) Items.Add(new(name, value));
                else Items[at] = new(name, value);
            }
        }

        private int IndexOf(string name, int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                if (string.Equals(Items[i].Key, name, StringComparison.Ordinal)) return i;
            }
            return -1;
        }
    }

    /// <summary><c>HTTP_</c> + the name upper-cased with <c>-</c> as <c>_</c>, in one allocation.</summary>
    private static string HeaderVariable(string name) =>
        string.Create(name.Length + 5, name, static (span, name) =>
        {
            "HTTP_".CopyTo(span);
            var rest = span[5..];
            name.AsSpan().ToUpperInvariant(rest);
            rest.Replace('-', '_');
        });

    /// <summary>The part of <paramref name="rawPath"/> after as many segments as the route prefix has.</summary>
    internal static string RawPathInfo(string rawPath, string routePrefix)
    {
        var segments = 0;
        foreach (var range in routePrefix.AsSpan().Split('/'))
        {
            if (range.Start.Value != range.End.Value) segments++;
        }
        var pos = 0;
        for (var i = 0; i < segments && pos < rawPath.Length; i++)
        {
            var next = rawPath.IndexOf('/', pos + 1);
            pos = next < 0 ? rawPath.Length : next;
        }
        return rawPath[pos..];
    }

    private static string ContentType(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var value = "";
        foreach (var (name, v) in headers)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase)) value = v;
        }
        return value;
    }

    // WAGI passes a header value only when it is visible ASCII (hyper's to_str); otherwise "CORRUPT VALUE".
    private static bool IsVisibleAscii(string value)
    {
        foreach (var c in value)
        {
            if (c != '\t' && (c < 0x20 || c > 0x7E)) return false;
        }
        return true;
    }
}
