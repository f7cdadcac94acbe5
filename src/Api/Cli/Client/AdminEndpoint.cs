using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Api.Cli.Client;

/// <summary>
/// Where the admin API is: <c>--admin-url</c>, else the configured <c>[admin]</c> listener (the config found as
/// <c>serve</c> finds it), with a wildcard bind address replaced by loopback, since one cannot connect to it.
/// </summary>
internal static class AdminEndpoint
{
    /// <exception cref="CliException">A bad <c>--admin-url</c> (exit 2).</exception>
    /// <exception cref="ConfigOptionException">A bad <c>--config</c>.</exception>
    /// <exception cref="ConfigException">A config file that does not load.</exception>
    public static Uri Resolve(string? adminUrl, string? configPath)
    {
        // An explicit --config is loaded even with --admin-url, so a wrong one is never silently ignored.
        if (adminUrl is null || configPath is not null)
        {
            var admin = ConfigLoader.Load(configPath, WithSomeKey).Config.Admin;
            if (adminUrl is null) return new Uri($"http://{Connectable(admin.Host)}:{admin.Port}/");
        }
        return Parse(adminUrl!);
    }

    // The rule that a non-loopback admin listener needs MIK_API_KEY is serve's: a client without the key must still
    // find the listener, and then hear from the server (401) that the key is not set. The value goes nowhere.
    private static string? WithSomeKey(string name) =>
        name == AdminClient.KeyVariable ? "(the client does not use this value)" : Environment.GetEnvironmentVariable(name);

    private static Uri Parse(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.Host.Length == 0 || uri.PathAndQuery != "/" || uri.UserInfo.Length > 0)
            throw new CliException($"--admin-url: '{text}' is not an address such as http://127.0.0.1:9919", ExitCodes.Usage);
        return uri;
    }

    /// <summary>A bind address as a local client connects to it: a wildcard becomes loopback.</summary>
    public static string Connectable(string host) => host switch
    {
        "0.0.0.0" or "*" or "+" or "" => "127.0.0.1",
        "::" or "[::]" => "[::1]",
        _ when host.Contains(':') && !host.StartsWith('[') => $"[{host}]",
        _ => host,
    };

    /// <summary>host:port as an operator types it, for messages.</summary>
    public static string Describe(Uri uri) => $"{uri.Host}:{uri.Port}";
}
