namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// The version the module's stream says is current: with <c>[cluster] module_source = "store"</c> what every instance
/// converges to. <see cref="Version"/>: its deployment number (<c>ModuleDeployed.version</c>).
/// </summary>
internal sealed record ModuleDesired(string Sha256, int Version, DateTimeOffset DeployedAt, string Source);
