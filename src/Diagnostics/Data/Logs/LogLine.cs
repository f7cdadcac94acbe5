using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mik.Durable.Diagnostics.Data.Logs;

/// <summary>
/// One of mik's JSON log lines, parsed and written again (so what goes in a bundle is a JSON object, never raw
/// bytes), with its time to place it in the window. Lines that are not a JSON object are not exported.
/// </summary>
internal sealed record LogLine(DateTimeOffset? Timestamp, string Json)
{
    private static readonly JsonSerializerOptions Compact = new()
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static LogLine? Parse(string text)
    {
        JsonObject? node;
        try
        {
            node = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
        if (node is null) return null;
        DateTimeOffset? at = node["timestamp"] is JsonValue v && v.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s,
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        return new LogLine(at, node.ToJsonString(Compact));
    }
}
