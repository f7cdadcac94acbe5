namespace Mik.Durable.Diagnostics.Data.Store;

/// <summary>
/// The audit spool folder: its files, their total size, the bytes not yet delivered (after the <c>cursor</c>),
/// and the most it may hold (<c>state.audit_spool_max_mb</c>).
/// </summary>
internal sealed record SpoolReport(string Path, int Files, long Bytes, long PendingBytes, long MaxBytes);
