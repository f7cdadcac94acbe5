namespace Mik.Durable.Api.ModuleChanges;

/// <summary>Whether an admin action changed the module's stream, and the stream's version after it.</summary>
internal sealed record ModuleChange(bool Changed, long Version);
