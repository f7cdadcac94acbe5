using System.Globalization;
using System.Text.Json;

namespace Mik.Durable.Api.Cli.Client;

/// <summary>The API's JSON values as table cells: text as it is, times in UTC to the second, null as blank.</summary>
internal static class JsonText
{
    public static string At(JsonElement row, string path)
    {
        var value = row;
        foreach (var name in path.Split('.'))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value)) return "";
        }
        return Show(value);
    }

    /// <summary>A SHA-256 cut to its first 12 hex digits, as the tables show it (the JSON keeps all 64).</summary>
    public static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;

    public static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when value.TryGetDateTimeOffset(out var time) && value.GetString()!.Contains('T') =>
            time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Array => string.Join(",", value.EnumerateArray().Select(Show)),
        _ => value.GetRawText(),
    };
}
