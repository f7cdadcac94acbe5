namespace Mik.Durable.Runtime.Configuration;

/// <summary>A valid configuration, the file it came from (null: built-in defaults) and the keys that were ignored.</summary>
public sealed record LoadedConfig(MikConfig Config, string? SourcePath, IReadOnlyList<string> UnknownKeys);
