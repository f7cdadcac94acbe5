using System.Text.Json.Serialization;
using Mik.Durable.Domain.AuditTrail;

namespace Mik.Durable.Domain.Caching;

/// <summary>A module was compiled and its AOT artifact written (stream <c>cache:&lt;module&gt;</c>).</summary>
public sealed record AotCompiled(string Module, DateTimeOffset At, string Sha256, long CompileMs, long ArtifactBytes) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Cache(Module);
}

/// <summary>An AOT artifact was not trusted; <see cref="Reason"/> is <c>stale</c>, <c>corrupt</c> or <c>version_mismatch</c>.</summary>
public sealed record AotInvalidated(string Module, DateTimeOffset At, string Reason) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Cache(Module);
}

/// <summary>A compiled module left the memory tier.</summary>
public sealed record CacheEvicted(string Module, DateTimeOffset At, long Bytes, string Reason) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Cache(Module);
}

/// <summary>An operator cleaned (<c>stale</c>) or cleared (<c>all</c>) the AOT cache; module <c>*</c> for all modules.</summary>
public sealed record CacheCleared(string Module, DateTimeOffset At, string Scope, int Files, long Bytes, string Actor) : IAuditEvent
{
    [JsonIgnore]
    public string Stream => AuditStreams.Cache(Module);
}
