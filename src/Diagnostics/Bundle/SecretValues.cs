using System.Data.Common;
using System.Reflection;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// Every secret value this process can see: the API key, and from the configuration the password of
/// <c>database.url</c> (URL or connection string), the password of every URL, and the whole value of every key that is
/// marked secret (<c>[Secret]</c>, <see cref="SecretSettings"/>).
/// </summary>
public static class SecretValues
{
    public static IReadOnlyList<Secret> From(CollectContext context)
    {
        var secrets = new List<Secret>();
        if (context.ApiKey.Length > 0) secrets.Add(new Secret("api_key", context.ApiKey));
        foreach (var (key, value, property) in ConfigStrings.Of(context.Config.Config)) Add(property, key, value, secrets);
        return [.. secrets.Where(s => s.Value.Length > 0).DistinctBy(s => (s.Kind, s.Value))];
    }

    /// <summary>The password inside a URL (<c>scheme://user:password@host</c>) or a connection string, or null.</summary>
    public static string? PasswordOf(string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        if (!value.Contains('=', StringComparison.Ordinal)) return null;
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = value };
            foreach (var key in new[] { "password", "pwd" })
                if (builder.TryGetValue(key, out var password) && password is string { Length: > 0 } text) return text;
        }
        catch (ArgumentException)
        {
            // Not a connection string.
        }
        return null;
    }

    private static void Add(PropertyInfo property, string key, string value, List<Secret> secrets)
    {
        if (SecretSettings.IsSecret(property)) secrets.Add(new Secret(key, value));
        if (PasswordOf(value) is { } password) secrets.Add(new Secret(key + " password", password));
        // As written in the config too: its percent-encoding may differ from the one the scanner derives.
        if (RawUrlPassword(value) is { } raw) secrets.Add(new Secret(key + " password", raw));
    }

    private static string? RawUrlPassword(string value)
    {
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return null;
        var authority = value[(scheme + 3)..];
        var end = authority.IndexOfAny(['/', '?', '#']);
        if (end >= 0) authority = authority[..end];
        var at = authority.LastIndexOf('@');
        var colon = at < 0 ? -1 : authority.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 || colon > at ? null : authority[(colon + 1)..at];
    }
}
