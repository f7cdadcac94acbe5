using System.Text.Json;

namespace Mik.Durable.Diagnostics.Data.Store;

/// <summary>One line of <c>audit/events.jsonl</c>: the event's sequence number, type, stream, time and data, nothing else.</summary>
internal sealed record AuditLine(long Seq, string Type, string Stream, DateTimeOffset Timestamp, JsonElement Data);
