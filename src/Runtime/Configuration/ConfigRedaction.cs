using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mik.Durable.Runtime.Configuration;

/// <summary>
/// The effective configuration as JSON with every secret replaced (docs/operations.md): values of keys named like
/// <c>*key*</c>, <c>*secret*</c>, <c>*token*</c>, <c>*password*</c>, passwords inside URLs and connection strings.
/// </summary>
public static partial class ConfigRedaction
{
    public const string Redacted = "[redacted]";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DictionaryKeyPolicy = null };

    public static JsonObject ToRedactedJson(MikConfig config)
    {
        var node = JsonSerializer.SerializeToNode(config, Json)!.AsObject();
        Redact(node);
        return node;
    }

    /// <summary>A single value under its key name, redacted the same way.</summary>
    public static string RedactValue(string key, string value)
    {
        if (value.Length == 0) return value;
        if (SecretKey().IsMatch(key)) return Redacted;
        var redacted = UrlPassword().Replace(value, "$1" + Redacted + "@");
        return ConnectionStringPassword().Replace(redacted, "$1" + Redacted);
    }

    private static void Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var text)) obj[key] = RedactValue(key, text);
                    else Redact(value);
                }
                break;
            case JsonArray array:
                foreach (var item in array) Redact(item);
                break;
        }
    }

    [GeneratedRegex("key|secret|token|password", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"(://[^/:@\s]*:)[^@/\s]*@")]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"((?:^|;)\s*(?:password|pwd)\s*=\s*)[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPassword();
}
