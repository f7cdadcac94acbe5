using System.Collections;
using System.Data.Common;
using System.Reflection;
using System.Text.Json;
using Mik.Durable.Diagnostics.Collecting;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>
/// Every secret value this process can see: the API key, and from the configuration the password of
/// <c>database.url</c> (URL or connection string), the password of every URL, and the whole value of every key that is
/// marked secret (<c>[Secret]</c>) or named like one (<c>*key*</c>, <c>*password*</c>, …, as <see cref="ConfigRedaction"/>).
/// </summary>
public static class SecretValues
{
    public static IReadOnlyList<Secret> From(CollectContext context)
    {
        var secrets = new List<Secret>();
        if (context.ApiKey.Length > 0) secrets.Add(new Secret("api_key", context.ApiKey));
        Walk(context.Config.Config, "", secrets, depth: 0);
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

    private static void Walk(object? node, string path, List<Secret> secrets, int depth)
    {
        if (node is null || depth > 8) return;
        if (node is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary) Walk(entry.Value, Join(path, entry.Key.ToString() ?? ""), secrets, depth + 1);
            return;
        }
        foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var key = Join(path, JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
            var value = property.GetValue(node);
            switch (value)
            {
                case string text:
                    Add(property, key, text, secrets);
                    break;
                case IEnumerable<string> texts:
                    foreach (var text in texts) Add(property, key, text, secrets);
                    break;
                case not null when !property.PropertyType.IsValueType:
                    Walk(value, key, secrets, depth + 1);
                    break;
            }
        }
    }

    private static void Add(PropertyInfo property, string key, string value, List<Secret> secrets)
    {
        if (value.Length == 0) return;
        // The attribute is matched by name so this scan keeps working whatever assembly defines it.
        var marked = property.GetCustomAttributes(inherit: true).Any(a => a.GetType().Name == "SecretAttribute");
        if (marked || ConfigRedaction.RedactValue(property.Name, "x") == ConfigRedaction.Redacted)
            secrets.Add(new Secret(key, value));
        if (PasswordOf(value) is { } password) secrets.Add(new Secret(key + " password", password));
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
