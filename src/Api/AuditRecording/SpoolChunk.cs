namespace Mik.Durable.Api.AuditRecording;

/// <summary>Records read from the spool, the offset just past them, and how many lines could not be read.</summary>
internal sealed record SpoolChunk(IReadOnlyList<AuditRecord> Records, long EndOffset, int Lines, int Unreadable);
