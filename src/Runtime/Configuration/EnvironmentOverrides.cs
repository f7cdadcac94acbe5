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
            if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p))
                config.Server.Port = p;
            else
                yield return new ConfigProblem("server.port (env PORT)", TomlBinder.Render(port), "expected an integer");
        }
        if (env("MIK_API_KEY") is { Length: > 0 } key) config.Admin.ApiKey = key;
        if (env("MIK_DATABASE_URL") is { Length: > 0 } url) config.Database.Url = url;
        if (env("MIK_LOKI_URL") is { Length: > 0 } loki) config.Logging.LokiUrl = loki;
    }
}
