using System.Globalization;

namespace Mik.Durable.Runtime.Configuration;

/// <summary>Environment variables that win over the file: HOST, PORT, MIK_API_KEY, MIK_DATABASE_URL, MIK_LOKI_URL.</summary>
internal static class EnvironmentOverrides
{
    /// <param name="sources">Filled with each key set from the environment and its variable, so a problem with the
    /// value names the variable the operator set, not a file that says something else.</param>
    public static IEnumerable<ConfigProblem> Apply(MikConfig config, Func<string, string?> env, IDictionary<string, string> sources)
    {
        if (env("HOST") is { Length: > 0 } host)
        {
            config.Server.Host = host;
            sources["server.host"] = "HOST";
        }
        if (env("PORT") is { Length: > 0 } port)
        {
            if (!long.TryParse(port, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p))
                yield return new ConfigProblem("server.port (env PORT)", TomlBinder.Render(port), "expected an integer");
            else if (p is < 1 or > 65535)
                yield return new ConfigProblem("server.port (env PORT)", port, "must be a port from 1 to 65535");
            else
                config.Server.Port = (int)p;
            sources["server.port"] = "PORT";
        }
        if (env("MIK_API_KEY") is { Length: > 0 } key) config.Admin.ApiKey = key;
        if (env("MIK_DATABASE_URL") is { Length: > 0 } url)
        {
            config.Database.Url = url;
            sources["database.url"] = "MIK_DATABASE_URL";
        }
        if (env("MIK_LOKI_URL") is { Length: > 0 } loki)
        {
            config.Logging.LokiUrl = loki;
            sources["logging.loki_url"] = "MIK_LOKI_URL";
        }
    }

    /// <summary>A key as a problem names it: <c>server.host (env HOST)</c> when the environment set it.</summary>
    public static string Name(string key, IReadOnlyDictionary<string, string> sources) =>
        sources.TryGetValue(key, out var variable) ? $"{key} (env {variable})" : key;
}
