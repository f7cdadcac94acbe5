namespace Mik.Durable.Api.AuditRecording;

/// <summary>One event of the audit trail as queries return it.</summary>
internal sealed record AuditEntry(long Sequence, Guid Id, string Type, string Stream, DateTimeOffset Timestamp, object Data);

/// <summary>A page of audit events, newest first; <see cref="Next"/> is the cursor of the next page, if any.</summary>
internal sealed record AuditPage(IReadOnlyList<AuditEntry> Events, string? Next);
