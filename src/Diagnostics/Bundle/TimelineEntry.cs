namespace Mik.Durable.Diagnostics.Bundle;

/// <summary>One moment of <c>mik diag inspect --timeline</c>: when, from where (<c>logs/…</c>, <c>audit</c>, <c>metrics</c>), what.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Source, string Text);
