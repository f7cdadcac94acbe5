using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Mik.Durable.Runtime.Configuration;

/// <summary>
/// The effective configuration as flat <c>key = value</c> pairs under the same snake_case key paths the file uses
/// (<c>server.port</c>, <c>modules.hello.env.GREETING</c>). Environment-only secrets (<see cref="ConfigIgnoreAttribute"/>)
/// are left out; unset optional values have no key.
/// </summary>
public static class ConfigKeys
{
    public static SortedDictionary<string, string> Flatten(MikConfig config)
    {
        var keys = new SortedDictionary<string, string>(StringComparer.Ordinal);
        AddObject(keys, config, "");
        return keys;
    }

    private static void AddObject(SortedDictionary<string, string> keys, object target, string prefix)
    {
        var properties = target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<ConfigIgnoreAttribute>() is null);
        foreach (var property in properties)
            AddValue(keys, property.GetValue(target), prefix + JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
    }

    private static void AddValue(SortedDictionary<string, string> keys, object? value, string key)
    {
        switch (value)
        {
            case null:
                return;
            case string or bool or int or long or double:
                keys[key] = TomlBinder.Render(value);
                return;
            case IEnumerable<string> items:
                keys[key] = JsonSerializer.Serialize(items);
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                    AddValue(keys, entry.Value, key + "." + QuoteIfNeeded((string)entry.Key));
                return;
            default:
                AddObject(keys, value, key + ".");
                return;
        }
    }

    private static string QuoteIfNeeded(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? name : JsonSerializer.Serialize(name);
}
