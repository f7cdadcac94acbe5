using System.Text.Json.Serialization;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Domain.Deployments;

/// <summary>
/// Where a deployed version came from: the admin API, a file that appeared in a modules folder, or a rollback to a
/// version kept in the store.
/// </summary>
public static class DeploySources
{
    public const string Api = "api";
    public const string Filesystem = "filesystem";
    public const string Rollback = "rollback";
}

/// <summary>
/// A module version became current (stream <c>module:&lt;name&gt;</c>): with <c>[cluster] module_source = "store"</c>
/// the desired state of every instance. <see cref="Version"/>: its deployment number within the module (1, 2, …; 0 in
/// events recorded before the cluster model); <see cref="RolledBackTo"/>: the version a rollback chose.
/// </summary>
public sealed record ModuleDeployed(
    string Module, DateTimeOffset At, string Sha256, long SizeBytes, string Source, string Actor, int Version = 0, int? RolledBackTo = null)
    : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Module(Module);
}

public sealed record ModuleRemoved(string Module, DateTimeOffset At, string Actor, string Reason) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Module(Module);
}

/// <summary>
/// An upload that was refused; nothing was written. Stream <c>module:&lt;name&gt;</c> when the name is a module
/// name, else <see cref="AuditStreams.RejectedUploads"/>: a name the client made up never becomes a stream key.
/// <see cref="Module"/> holds <see cref="ModuleName.ForRecord"/>'s form, which is a module name exactly when the
/// upload's name was one, so the stream follows from the recorded name alone and survives the audit spool.
/// </summary>
public sealed record ModuleRejected(string Module, DateTimeOffset At, string Reason, string Actor) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => ModuleName.IsValid(Module) ? AuditStreams.Module(Module) : AuditStreams.RejectedUploads;
}

/// <summary>
/// Instance <see cref="Instance"/> now serves <see cref="Sha256"/> of the module, or no longer serves it when
/// <see cref="Sha256"/> is empty (stream <c>module:&lt;name&gt;</c>, beside the deployment it answers).
/// </summary>
public sealed record ModuleActivated(string Module, DateTimeOffset At, string Instance, string Sha256) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Module(Module);
}

/// <summary>
/// Instance <see cref="Instance"/> could not serve <see cref="Sha256"/> (fetch, hash check, compile or link failed,
/// <see cref="Reason"/>) and keeps serving what it served (stream <c>module:&lt;name&gt;</c>).
/// </summary>
public sealed record ModuleActivationFailed(string Module, DateTimeOffset At, string Instance, string Sha256, string Reason) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Module(Module);
}
