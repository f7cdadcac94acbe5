using System.Globalization;

namespace Mik.Durable.Runtime.Configuration;

/// <summary>Environment variables that win over the file: HOST, PORT, MIK_API_KEY, MIK_DATABASE_URL, MIK_LOKI_URL.</summary>
internal static class EnvironmentOverrides
{
    public static IEnumerable<ConfigProblem> Apply(MikConfig config, Func<string, string?> env)
    {
        if (env("HOST") is { Length: > 0 } host) config.Server.Host = host;
        if (env("PORT") is { Length: > 0 } port)
        {
            if (!long.TryParse(port, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p))
                yield return new ConfigProblem("server.port (env PORT)", TomlBinder.Render(port), "expected an integer");
            else if (p is < 1 or > 65535)
                yield return new ConfigProblem("server.port (env PORT)", port, "must be a port from 1 to 65535");
            else
                config.Server.Port = (int)p;
        }
        if (env("MIK_API_KEY") is { Length: > 0 } key) config.Admin.ApiKey = key;
        if (env("MIK_DATABASE_URL") is { Length: > 0 } url) config.Database.Url = url;
        if (env("MIK_LOKI_URL") is { Length: > 0 } loki) config.Logging.LokiUrl = loki;
    }
}
