namespace Mik.Durable.Diagnostics.Collecting;

/// <summary>How one collector ended, as the manifest lists it: <c>ok|failed|timeout|skipped</c>, why, how long.</summary>
public sealed record CollectorStatus(string Name, string Status, string? Reason, double DurationMs, IReadOnlyList<string> Files)
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string TimedOut = "timeout";
    public const string Skipped = "skipped";
}
