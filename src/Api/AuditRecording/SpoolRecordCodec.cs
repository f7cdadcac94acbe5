using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Api.AuditRecording;

/// <summary>
/// One spool line: <c>{"id":…,"type":"auth_failed","data":{…}}</c> and a newline. JSON never holds a raw newline,
/// so a line is a record and a line without its newline is a write cut short by a crash.
/// </summary>
internal static class SpoolRecordCodec
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static byte[] Encode(AuditRecord record)
    {
        var line = new JsonObject
        {
            ["id"] = record.Id,
            ["type"] = AuditEventTypes.NameOf(record.Event.GetType()),
            ["data"] = JsonSerializer.SerializeToNode(record.Event, record.Event.GetType(), Json),
        };
        return Encoding.UTF8.GetBytes(line.ToJsonString() + "\n");
    }

    /// <summary>The record of one line (without its newline), or null when it cannot be read back.</summary>
    public static AuditRecord? Decode(ReadOnlySpan<byte> line)
    {
        try
        {
            var node = JsonNode.Parse(line);
            var id = node?["id"]?.GetValue<Guid>();
            var typeName = node?["type"]?.GetValue<string>();
            var data = node?["data"];
            if (id is null || typeName is null || data is null || !AuditEventTypes.TryFind(typeName, out var type)) return null;
            return data.Deserialize(type, Json) is IAuditEvent e ? new AuditRecord(id.Value, e) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
