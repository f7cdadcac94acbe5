namespace Mik.Durable.Diagnostics.Data.ConfigFile;

/// <summary>One line of <c>config/problems.json</c>: the key, its value as written (never a secret's), and why.</summary>
internal sealed record ConfigProblemEntry(string Key, string Value, string Reason);
