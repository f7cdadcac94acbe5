using Mik.Durable.Api.EventStore;
using Mik.Durable.Runtime.Configuration;
using Npgsql;

namespace Mik.Durable.Api.Logging;

/// <summary>
/// The secret values of this run (the admin API key, the database password, the Loki password) and what replaces them
/// in text a client controls: a client that puts the key in a request path or a User-Agent must not get it into the
/// logs, Loki or the audit trail (docs/reliability.md, Secret canaries).
/// </summary>
internal sealed class SecretMask
{
    // Shorter values would mask ordinary words in paths; a secret that short is no secret.
    private const int MinLength = 4;

    private readonly string[] _secrets;

    // Each value also as a client would escape it in a URL, and as ASP.NET Core hands a path on (unescaped but for '/').
    public SecretMask(IEnumerable<string?> secrets) =>
        _secrets = [.. secrets.Where(s => s is { Length: >= MinLength })
            .SelectMany(s => new[] { s!, Uri.EscapeDataString(s!), s!.Replace("/", "%2F", StringComparison.Ordinal) })
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    public static SecretMask For(MikConfig config) =>
        new([config.Admin.ApiKey, DatabasePassword(config.Database.Url), UserInfoPassword(config.Logging.LokiUrl)]);

    public bool IsEmpty => _secrets.Length == 0;

    public string Mask(string value)
    {
        foreach (var secret in _secrets)
        {
            if (value.Contains(secret, StringComparison.OrdinalIgnoreCase)) value = value.Replace(secret, SecretSettings.Redacted, StringComparison.OrdinalIgnoreCase);
        }
        return value;
    }

    public bool Finds(string value)
    {
        foreach (var secret in _secrets)
        {
            if (value.Contains(secret, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static string? DatabasePassword(string? url)
    {
        if (string.IsNullOrEmpty(url)) return null;
        try
        {
            return new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(url)).Password;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        {
            return null; // the loader refuses such a url before anything logs
        }
    }

    private static string? UserInfoPassword(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Split(':', 2) is [_, var password]
            ? Uri.UnescapeDataString(password)
            : null;
}
