namespace Mik.Durable.Api.ModuleChanges;

/// <summary>
/// Whether an admin action changed the module, and the number of its current (or, after a removal, last) deployment:
/// <c>ModuleDeployed.version</c>, what <c>mik modules rollback --to</c> takes. Not the stream's version, which every
/// instance's <c>ModuleActivated</c> report moves.
/// </summary>
internal sealed record ModuleChange(bool Changed, long Version);
