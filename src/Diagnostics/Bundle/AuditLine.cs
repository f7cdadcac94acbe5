using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>One line of <c>audit/events.jsonl</c>: <c>{ seq, type, stream, timestamp, data }</c>.</summary>
public sealed record AuditLine(long Seq, string Type, string Stream, DateTimeOffset Timestamp, string Data)
{
    /// <summary>Compact JSON as a person reads it: <c>+</c> and quotes left as they are, not <c>\u002B</c>.</summary>
    internal static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Every line that parses; a line that does not is left out (the file came from elsewhere).</summary>
    public static IReadOnlyList<AuditLine> Parse(string? text)
    {
        var lines = new List<AuditLine>();
        foreach (var raw in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                using var document = JsonDocument.Parse(raw);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("timestamp", out var at) || !at.TryGetDateTimeOffset(out var timestamp)) continue;
                lines.Add(new AuditLine(
                    root.TryGetProperty("seq", out var seq) && seq.TryGetInt64(out var n) ? n : 0,
                    Text(root, "type"), Text(root, "stream"), timestamp,
                    root.TryGetProperty("data", out var data) ? JsonSerializer.Serialize(data, Readable) : "{}"));
            }
            catch (JsonException)
            {
            }
        }
        return lines;
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
