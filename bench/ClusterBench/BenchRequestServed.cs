namespace Mik.Durable.ClusterBench;

/// <summary>Filler for the 100k-event table: what the audit trail mostly holds (one event per request).</summary>
internal sealed record BenchRequestServed(string Module, DateTimeOffset At, int Status, long DurationMs);
