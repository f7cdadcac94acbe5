using Mik.Durable.Api.ModuleChanges;

namespace Mik.Durable.Api.Admin.Modules;

/// <summary>
/// A module as <c>GET /modules</c> shows it: the version this instance serves, its last deployment from the audit
/// trail (null while PostgreSQL is away), its circuit, and its caches. <see cref="Problem"/>: why it cannot run.
/// <see cref="Kind"/>: <c>module</c> (a WAGI core module) or <c>component</c> (a <c>wasi:http</c> component).
/// <see cref="Sha256"/>, <see cref="SizeBytes"/>, <see cref="Cache"/> and <see cref="Kind"/> are null for a module the
/// store desires but this instance does not serve. The cluster view (<see cref="Desired"/>, <see cref="Versions"/>,
/// <see cref="Instances"/>, <see cref="Split"/>) is null with <c>module_source = "folder"</c> and while PostgreSQL is away.
/// </summary>
internal sealed record ModuleInfo(
    string Name,
    string? Sha256,
    long? SizeBytes,
    DateTimeOffset? DeployedAt,
    string? DeployedBy,
    string? Source,
    string Breaker,
    ModuleCacheInfo? Cache,
    string? Problem,
    string? Kind,
    ModuleDesired? Desired = null,
    IReadOnlyList<KeptVersion>? Versions = null,
    IReadOnlyList<ModuleOnInstance>? Instances = null,
    bool? Split = null);

/// <summary><see cref="Memory"/>: compiled and held in memory; <see cref="Aot"/>: the artifact's state (or <c>missing</c>, <c>off</c>).</summary>
internal sealed record ModuleCacheInfo(bool Memory, string Aot);
