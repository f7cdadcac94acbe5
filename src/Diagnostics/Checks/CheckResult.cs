namespace Mik.Durable.Diagnostics.Checks;

/// <summary>
/// One check's finding: its verdict (<see cref="Verdict"/>) and the reason, the evidence it looked at (a metric
/// line, a log line, a file and its mode), and when something is wrong the runbook's resolution for that cause.
/// </summary>
public sealed record CheckResult(string Id, string Title, string Verdict, string Reason, IReadOnlyList<string> Evidence, string? Resolution = null);
