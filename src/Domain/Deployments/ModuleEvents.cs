using System.Text.Json.Serialization;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Domain.Deployments;

/// <summary>Where a deployed version came from: the admin API, or a file that appeared in the modules folder.</summary>
public static class DeploySources
{
    public const string Api = "api";
    public const string Filesystem = "filesystem";
}

/// <summary>A module version became current (stream <c>module:&lt;name&gt;</c>).</summary>
public sealed record ModuleDeployed(string Module, DateTimeOffset At, string Sha256, long SizeBytes, string Source, string Actor) : IAuditEvent
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
