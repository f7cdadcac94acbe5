using System.Collections;
using System.Text.Json.Nodes;

namespace Mik.Durable.Runtime.Configuration;

/// <summary>
/// The effective configuration as JSON, walked from the options classes themselves: every property, under its
/// snake_case name, and every one marked <see cref="SecretAttribute"/> as <c>"[redacted]"</c> when set and <c>""</c>
/// when not. Redaction by the mark, not by the key's name or the value's shape, so a secret cannot slip through for
/// being named or written oddly. Admin <c>GET /config</c> and the diagnostics' <c>config/effective.json</c> both
/// show this.
/// </summary>
internal static class RedactedConfig
{
    public static JsonObject ToJson(MikConfig config) => RenderObject(config);

    private static JsonObject RenderObject(object target)
    {
        var node = new JsonObject();
        foreach (var property in SecretSettings.Settings(target.GetType()))
            node[SecretSettings.KeyOf(property)] = RenderValue(property.GetValue(target), SecretSettings.IsSecret(property));
        return node;
    }

    private static JsonNode? RenderValue(object? value, bool secret)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return secret ? Hide(text.Length > 0) : JsonValue.Create(text);
            case bool or int or long or double when secret:
                return Hide(true);
            case bool b:
                return JsonValue.Create(b);
            case int i:
                return JsonValue.Create(i);
            case long l:
                return JsonValue.Create(l);
            case double d:
                return JsonValue.Create(d);
            case IEnumerable<string> items when !secret:
                return new JsonArray([.. items.Select(item => (JsonNode?)JsonValue.Create(item))]);
            case IDictionary dictionary:
                var map = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                    map[(string)entry.Key] = secret ? Hide(entry.Value is not (null or "")) : RenderValue(entry.Value, secret: false);
                return map;
            default:
                // A secret table (none today) is hidden whole rather than walked.
                return secret ? Hide(true) : RenderObject(value);
        }
    }

    private static JsonValue Hide(bool set) => JsonValue.Create(set ? SecretSettings.Redacted : "");
}
