using System.Reflection;
using Mik.Durable.Runtime.Configuration;
using Tomlyn;
using Tomlyn.Model;

namespace Mik.Durable.Diagnostics.Data.ConfigFile;

/// <summary>
/// The copy of <c>mik.toml</c> for a bundle: the file parsed and written again, every value of a key marked
/// <see cref="SecretAttribute"/> replaced by <c>"[redacted]"</c>, and every value of a key mik does not know replaced
/// too (a misspelled <c>api_key</c> is still a secret). The raw bytes are never copied: a comment can hold a password.
/// </summary>
internal static class TomlRedactor
{
    public static string Redact(string tomlText)
    {
        var table = TomlSerializer.Deserialize<TomlTable>(tomlText) ?? new TomlTable();
        return TomlSerializer.Serialize(Walk(table, typeof(MikConfig)));
    }

    private static TomlTable Walk(TomlTable table, Type? type)
    {
        var properties = type is null
            ? new Dictionary<string, PropertyInfo>(StringComparer.Ordinal)
            : SecretSettings.Settings(type).Where(p => p.GetCustomAttribute<ConfigIgnoreAttribute>() is null)
                .ToDictionary(SecretSettings.KeyOf, StringComparer.Ordinal);
        var copy = new TomlTable();
        foreach (var (key, value) in table)
        {
            if (!properties.TryGetValue(key, out var property)) copy[key] = HideAll(value);
            else if (SecretSettings.IsSecret(property)) copy[key] = HideAll(value);
            else copy[key] = Keep(value, property.PropertyType);
        }
        return copy;
    }

    private static object Keep(object value, Type type)
    {
        if (value is not TomlTable table) return value is TomlArray or TomlTableArray ? HideAll(value) : value;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            // [modules.<name>] and volumes: the keys are names the operator chose, the values are of one known type.
            var valueType = underlying.GetGenericArguments()[1];
            var map = new TomlTable();
            foreach (var (name, item) in table) map[name] = Keep(item, valueType);
            return map;
        }
        return Walk(table, underlying == typeof(string) ? null : underlying);
    }

    private static object HideAll(object value) => value switch
    {
        TomlTable table => HideTable(table),
        _ => SecretSettings.Redacted,
    };

    private static TomlTable HideTable(TomlTable table)
    {
        var copy = new TomlTable();
        foreach (var (key, value) in table) copy[key] = HideAll(value);
        return copy;
    }
}
