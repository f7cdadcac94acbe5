namespace Mik.Durable.Api.ModuleChanges;

/// <summary>A version of a module whose bytes the store keeps (<c>[cluster] keep_versions</c>): a rollback can bring it back.</summary>
internal sealed record KeptVersion(int Version, string Sha256, long SizeBytes, string Source, DateTimeOffset DeployedAt);
