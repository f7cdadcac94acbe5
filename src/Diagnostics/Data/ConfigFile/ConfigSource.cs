namespace Mik.Durable.Diagnostics.Data.ConfigFile;

/// <summary><c>config/source.json</c>: the file mik loaded (null: built-in defaults) and the keys it did not know.</summary>
internal sealed record ConfigSource(string? Path, IReadOnlyList<string> UnknownKeys);
