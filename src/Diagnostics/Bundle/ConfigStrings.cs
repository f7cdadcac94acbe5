using System.Collections;
using System.Reflection;
using System.Text.Json;
using Mik.Durable.Runtime.Configuration;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>Every string value of the configuration with its key (<c>logging.loki_url</c>) and the property that holds it.</summary>
internal static class ConfigStrings
{
    public static IEnumerable<(string Key, string Value, PropertyInfo Property)> Of(MikConfig config) => Walk(config, "", 0);

    private static IEnumerable<(string, string, PropertyInfo)> Walk(object? node, string path, int depth)
    {
        if (node is null || depth > 8) yield break;
        if (node is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
                foreach (var found in Walk(entry.Value, Join(path, entry.Key.ToString() ?? ""), depth + 1)) yield return found;
            yield break;
        }
        foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var key = Join(path, JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name));
            switch (property.GetValue(node))
            {
                case string text:
                    if (text.Length > 0) yield return (key, text, property);
                    break;
                case IEnumerable<string> texts:
                    foreach (var text in texts.Where(t => t.Length > 0)) yield return (key, text, property);
                    break;
                case { } value when !property.PropertyType.IsValueType:
                    foreach (var found in Walk(value, key, depth + 1)) yield return found;
                    break;
            }
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
